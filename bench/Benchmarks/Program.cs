using BenchmarkDotNet.Running;

namespace NetKAN.Bus.Benchmarks;

// Benchmarks over the real corpus. Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*'
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
