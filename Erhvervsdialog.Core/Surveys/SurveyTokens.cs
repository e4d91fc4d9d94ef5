using System.Security.Cryptography;
using System.Text;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>
/// Survey links carry a 256-bit token derived with HMAC-SHA256 from a server key and a random nonce stored on the
/// invitation. The database keeps the nonce and the token's SHA-256 hash only, so neither a database copy nor the
/// outbox can reveal a working link without the key.
/// </summary>
public sealed class SurveyTokens(byte[] key)
{
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(16);

    public string Token(byte[] nonce) => Base64Url(HMACSHA256.HashData(key, nonce));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>The key from configuration, or from a key file created beside the database on first use.</summary>
    public static SurveyTokens Create(string? configuredKey, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return new SurveyTokens(Convert.FromBase64String(configuredKey));
        }
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            Data.OwnerOnly.WriteNew(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        // A key file written by an older version may be readable by others.
        Data.OwnerOnly.Restrict(keyFile);
        return new SurveyTokens(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
