using BenchmarkDotNet.Running;

namespace Erhvervsdialog.Benchmarks;

/// <summary>Not "Program": that name is the web app's, which the API benchmark starts.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
