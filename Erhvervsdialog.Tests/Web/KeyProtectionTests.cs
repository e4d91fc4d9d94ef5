using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web;

/// <summary>The sign-in key ring and the survey token key at rest: owner-only files, and encrypted when a certificate is given.</summary>
[Collection(BrowserCollection.Name)]
public class KeyProtectionTests
{
    private static async Task<string[]> KeyFilesAfterASignInPageAsync(AppFactory app, string folder)
    {
        app.Start();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        // The sign-in form's antiforgery token makes the first key.
        Assert.True((await http.GetAsync("/log-ind")).IsSuccessStatusCode);
        return Directory.GetFiles(Path.Combine(folder, "keys"), "*.xml");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WithoutACertificate_TheDataFolderKeysAndTokenKeyAreForTheAppsOwnAccountOnly()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-keys-{Guid.NewGuid():N}");
        try
        {
            await using var app = new AppFactory(new() { ["Erhvervsdialog:DataFolder"] = folder });
            var keys = await KeyFilesAfterASignInPageAsync(app, folder);
            // The token key file is made when survey links are first needed.
            app.Services.GetRequiredService<SurveyTokens>();

            Assert.NotEmpty(keys);
            const UnixFileMode folderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(folderMode, File.GetUnixFileMode(folder));
            Assert.Equal(folderMode, File.GetUnixFileMode(Path.Combine(folder, "keys")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "survey-token.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithACertificate_TheKeyRingIsEncryptedAtRest_AndStillWorks()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-keys-{Guid.NewGuid():N}");
        var pfx = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Erhvervsdialog nøgler", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "hemmeligt kodeord"));
        }
        var settings = new Dictionary<string, string>
        {
            ["Erhvervsdialog:DataFolder"] = folder,
            ["Erhvervsdialog:KeyProtection:Certificate"] = pfx,
            ["Erhvervsdialog:KeyProtection:CertificatePassword"] = "hemmeligt kodeord",
        };
        try
        {
            await using (var app = new AppFactory(settings))
            {
                var keys = await KeyFilesAfterASignInPageAsync(app, folder);
                var xml = await File.ReadAllTextAsync(Assert.Single(keys));
                Assert.Contains("EncryptedXmlDecryptor", xml);
                Assert.DoesNotContain("unencrypted form", xml);
            }
            // A restart reads the encrypted ring back (it would make a new key if it could not).
            await using (var again = new AppFactory(settings))
            {
                Assert.Single(await KeyFilesAfterASignInPageAsync(again, folder));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            File.Delete(pfx);
        }
    }
}
