using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web;

/// <summary>Two app instances on one data folder: the second refuses to start, and says why in Danish.</summary>
[Collection(BrowserCollection.Name)]
public class DataFolderLockTests
{
    [Fact]
    public async Task SecondInstanceOnTheSameDataFolder_RefusesToStart_UntilTheFirstStops()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-lock-{Guid.NewGuid():N}");
        try
        {
            await using (var first = new AppFactory(new() { ["Erhvervsdialog:DataFolder"] = folder }))
            {
                first.Start();
                Assert.True(File.Exists(Path.Combine(folder, DataFolderLock.FileName)));

                // The second app's entry point prints the message and exits (code 1) before it builds a host.
                await using var second = new AppFactory(new() { ["Erhvervsdialog:DataFolder"] = folder });
                Assert.ThrowsAny<Exception>(second.Start);
                var refused = Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(folder));
                Assert.StartsWith($"Datamappen {folder} bruges allerede af en anden kørende Erhvervsdialog", refused.Message);

                // The first one is still working.
                using var http = new HttpClient { BaseAddress = new Uri(first.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            }

            // Once the first has stopped, the folder is free again.
            await using var third = new AppFactory(new() { ["Erhvervsdialog:DataFolder"] = folder });
            third.Start();
            Assert.NotNull(third.Services.GetRequiredService<DataFolderLock>());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
