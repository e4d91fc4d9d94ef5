using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// While no user exists, creating the first administrator takes a one-time setup code that only someone with access to
/// the server can read: it is written to the app's log at start and to a file in the data folder that only the app's own
/// account may read. Whoever reaches /foerste-start first over the network no longer becomes administrator.
/// </summary>
public sealed class FirstRunCode(string folder, ILogger<FirstRunCode> logger)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private readonly Lock _gate = new();
    private string? _code;

    /// <summary>The file beside the database that holds the code until the first administrator exists.</summary>
    public string FilePath => Path.Combine(folder, "foerste-start-kode.txt");

    /// <summary>Makes a new code, writes it to <see cref="FilePath"/> (owner read/write only) and to the log, and returns it.</summary>
    public string Issue()
    {
        var raw = RandomNumberGenerator.GetString(Alphabet, 12);
        var code = $"{raw[..4]}-{raw[4..8]}-{raw[8..]}";
        lock (_gate)
        {
            _code = code;
            Directory.CreateDirectory(folder);
            Data.OwnerOnly.WriteNew(FilePath, code + Environment.NewLine);
        }
        logger.LogWarning("Første opstart: opsætningskoden til den første administrator er {Code} (står også i {File}).", code, FilePath);
        return code;
    }

    /// <summary>Whether the typed code is the current one (case, spaces and dashes do not matter).</summary>
    public bool Matches(string? typed)
    {
        var expected = _code;
        if (expected is null || typed is null)
        {
            return false;
        }
        var given = new string(typed.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected.Replace("-", "", StringComparison.Ordinal)));
    }

    /// <summary>The code has been used: it and its file are gone.</summary>
    public void Spend()
    {
        lock (_gate)
        {
            _code = null;
            File.Delete(FilePath);
        }
    }
}
