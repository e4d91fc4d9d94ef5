using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace Erhvervsdialog.Benchmarks;

/// <summary>Not "Program": that name is the web app's, which the API benchmark starts.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args is ["survey-timing", ..])
        {
            SurveyTiming();
            return;
        }
        if (args is ["report-timing", ..])
        {
            ReportTiming();
            return;
        }
        if (args is ["import-under-load", ..])
        {
            ImportUnderLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000).GetAwaiter().GetResult();
            return;
        }
        if (args is ["intake-throughput", var server, ..])
        {
            IntakeThroughput.RunAsync(server, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
                args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16).GetAwaiter().GetResult();
            return;
        }
        if (args is ["circuit-load-data", var folder, var password])
        {
            CircuitLoadData.RunAsync(folder, password).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }

    /// <summary>
    /// The survey figures timed with a stopwatch in this process: they depend on Hangfire's background workers, which
    /// BenchmarkDotNet's generated host process did not keep running between iterations.
    /// </summary>
    private static void SurveyTiming()
    {
        var bench = new SurveyBenchmarks();
        bench.Setup();
        try
        {
            Report("close a contact → e-mail at the SMTP server (delay 0)", 10, 1, bench.CloseToSent);
            Report("survey e-mails dispatched by the jobs to SMTP", 3, 100, () => bench.Dispatch100().GetAwaiter().GetResult());
            Report("GET the public answer page, 4 at a time", 5, 200, () => bench.AnswerPage200().GetAwaiter().GetResult());
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>The PDF figures with the process's peak memory (working set), which BenchmarkDotNet does not measure.</summary>
    private static void ReportTiming()
    {
        var bench = new ReportBenchmarks();
        bench.Setup();
        try
        {
            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            var pdf = bench.DossierFile();
            var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
            Console.WriteLine($"dossier: {pdf.Length / 1024} kB, {pages} pages");
            Report("company dossier PDF, 2,000 contacts", 10, 1, () => bench.Dossier().GetAwaiter().GetResult());
            Report("monthly service report PDF, 10,000 answers", 10, 1, () => bench.MonthlyReport().GetAwaiter().GetResult());
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB (after setup: {before / 1024 / 1024} MB)");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Report(string name, int runs, int operations, Action action)
    {
        action(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds / operations);
        }
        times.Sort();
        Console.WriteLine($"{name}: mean {times.Average():0.0} ms, median {times[times.Count / 2]:0.0} ms, max {times[^1]:0.0} ms per operation " +
            $"= {1000 / times.Average():0} per second ({runs} runs of {operations})");
    }
}
