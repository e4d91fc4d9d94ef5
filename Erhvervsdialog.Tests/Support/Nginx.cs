using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// Debian's nginx in front of the app's nodes on loopback, with the configuration README's "Run two nodes behind nginx"
/// gives (docs/nginx/erhvervsdialog.conf), its upstream servers and port filled in. Its access log names the node that
/// answered each request. The benchmarks use it too (linked source).
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-nginx-{Guid.NewGuid():N}");
    private Process? _process;

    public int Port { get; } = AppProcess.FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string AccessLog => Path.Combine(_folder, "access.log");

    /// <summary>The site configuration as README shows it, with the nodes and the port of this test.</summary>
    public static string SiteConfiguration(IEnumerable<int> nodePorts, int listenPort)
    {
        var template = File.ReadAllText(Path.Combine(RepositoryFolder(), "docs", "nginx", "erhvervsdialog.conf"));
        var servers = string.Join("\n", nodePorts.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=10s;"));
        return template
            .Replace("    server 10.0.0.11:8080 max_fails=1 fail_timeout=10s;\n    server 10.0.0.12:8080 max_fails=1 fail_timeout=10s;", servers, StringComparison.Ordinal)
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{listenPort.ToString(CultureInfo.InvariantCulture)};", StringComparison.Ordinal)
            .Replace("    ssl_certificate /etc/ssl/erhverv.crt;\n    ssl_certificate_key /etc/ssl/erhverv.key;\n", "", StringComparison.Ordinal)
            .Replace(" Secure;", "", StringComparison.Ordinal); // plain HTTP on loopback in the test
    }

    private static string RepositoryFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Erhvervsdialog.sln")))
        {
            folder = folder.Parent;
        }
        return folder!.FullName;
    }

    public async Task<Nginx> StartAsync(IEnumerable<int> nodePorts)
    {
        if (!File.Exists(Binary))
        {
            throw new FileNotFoundException($"{Binary} is missing: test.sh installs Debian's nginx when run as root (apt-get install nginx).");
        }
        Directory.CreateDirectory(_folder);
        // nginx's workers run as an unprivileged user when the test runs as root; they write their temporary files here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder, (UnixFileMode)0x1FF);
        }
        var site = SiteConfiguration(nodePorts, Port);
        await File.WriteAllTextAsync(Path.Combine(_folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{_folder}}/nginx.pid;
            error_log {{_folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                client_body_temp_path {{_folder}}/body;
                proxy_temp_path {{_folder}}/proxy;
                fastcgi_temp_path {{_folder}}/fastcgi;
                uwsgi_temp_path {{_folder}}/uwsgi;
                scgi_temp_path {{_folder}}/scgi;
            {{site}}
                access_log {{AccessLog}} erhvervsdialog;
            }
            """);
        _process = Process.Start(new ProcessStartInfo(Binary, ["-p", _folder, "-c", Path.Combine(_folder, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx stopped: {await _process.StandardError.ReadToEndAsync()} " +
                    (File.Exists(Path.Combine(_folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "error.log")) : ""));
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port).WaitAsync(TimeSpan.FromSeconds(2));
                return this;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("nginx did not listen within 20 s.");
    }

    /// <summary>The node ports that answered requests whose path starts with <paramref name="path"/>, in order.</summary>
    public async Task<List<int>> NodesThatAnsweredAsync(string path)
    {
        var lines = File.Exists(AccessLog) ? await File.ReadAllLinesAsync(AccessLog) : [];
        // "$uri $upstream_addr …": the last address is the node that answered (earlier ones were tried and failed).
        return [.. lines.Where(l => l.StartsWith(path, StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Matches(l, @"127\.0\.0\.1:(\d+)"))
            .Where(m => m.Count > 0)
            .Select(m => int.Parse(m[^1].Groups[1].Value, CultureInfo.InvariantCulture))];
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
