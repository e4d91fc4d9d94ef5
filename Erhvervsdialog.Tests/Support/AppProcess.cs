using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// The built app (Erhvervsdialog.Web.dll) as a process of its own on a loopback port, so a test can kill it with SIGKILL
/// as a crash or an operator would. Keeps the last 200 lines it printed for the test's failure message.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();

    private AppProcess(Process process, int port)
    {
        Process = process;
        Port = port;
    }

    public Process Process { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public bool HasExited => Process.HasExited;

    /// <summary>What it printed last.</summary>
    public string LogTail => string.Join('\n', _log);

    public static string WebAssembly()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Erhvervsdialog.sln")))
        {
            folder = folder.Parent;
        }
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(folder!.FullName, "Erhvervsdialog.Web", "bin", configuration, "net10.0", "Erhvervsdialog.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is built by the solution build.");
    }

    /// <summary>
    /// Starts the app with the given settings (environment variables in ASP.NET Core's form, e.g.
    /// <c>Erhvervsdialog__DataFolder</c>). The environment is Production unless the settings say otherwise.
    /// </summary>
    public static AppProcess Start(int port, IReadOnlyDictionary<string, string> settings)
    {
        var dll = WebAssembly();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var app = new AppProcess(Process.Start(start)!, port);
        app.Process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app.Process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app.Process.BeginOutputReadLine();
        app.Process.BeginErrorReadLine();
        return app;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        while (_log.Count > 200)
        {
            _log.TryDequeue(out _);
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until /health answers OK through <paramref name="http"/>; false if it did not within the time.</summary>
    public static async Task<bool> HealthyAsync(HttpClient http, TimeSpan within)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < within)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if ((await http.GetAsync("/health", timeout.Token)).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>SIGKILL, the whole process tree: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(30_000);
        }
        Process.Dispose();
    }
}
