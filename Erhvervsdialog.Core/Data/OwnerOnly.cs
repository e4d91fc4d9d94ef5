using System.Text;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// The data folder holds personal data (the databases, backups) and secrets (the sign-in key ring, the survey token key,
/// the first-run code): on Linux and macOS they are for the app's own account only, folders 0700 and files 0600, whatever
/// the umask. (On Windows the folder inherits the ACL of where it is put; README says so.)
/// </summary>
public static class OwnerOnly
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder, or narrows an existing one's permissions, and returns its path.</summary>
    public static string Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
            File.SetUnixFileMode(path, FolderMode);
        }
        return path;
    }

    /// <summary>Narrows an existing file's permissions.</summary>
    public static void Restrict(string file)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(file))
        {
            File.SetUnixFileMode(file, FileMode);
        }
    }

    /// <summary>Writes a new file that is never readable by others, not even for a moment.</summary>
    public static void WriteNew(string file, string text)
    {
        File.Delete(file);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        using var writer = new StreamWriter(file, Encoding.UTF8, options);
        writer.Write(text);
    }
}
