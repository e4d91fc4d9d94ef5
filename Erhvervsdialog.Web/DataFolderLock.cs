namespace Erhvervsdialog.Web;

/// <summary>
/// One running app per data folder: SQLite and Hangfire's SQLite storage are safe only within one process. The app
/// holds an exclusive OS lock on a file in the data folder for as long as it runs; a second instance on the same folder
/// stops at start with a Danish message instead of corrupting the job queue or sending twice.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "erhvervsdialog.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    public string Path => _file.Name;

    public static DataFolderLock Acquire(string dataFolder)
    {
        var path = System.IO.Path.Combine(dataFolder, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using var writer = new StreamWriter(file, leaveOpen: true);
            writer.Write(Environment.ProcessId);
            return new DataFolderLock(file);
        }
        catch (IOException e)
        {
            throw new DataFolderInUseException(
                $"Datamappen {dataFolder} bruges allerede af en anden kørende Erhvervsdialog (låsefilen {path} er optaget). " +
                "Stop den anden, eller giv denne sin egen datamappe med Erhvervsdialog:DataFolder.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Another running app holds the data folder; Program prints the message and exits with code 1.</summary>
public sealed class DataFolderInUseException(string message, Exception inner) : Exception(message, inner);
