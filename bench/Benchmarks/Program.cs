using BenchmarkDotNet.Running;

namespace NetKAN.Bus.Benchmarks;

// Benchmarks over the real corpus. Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*'
// AWS edge throughput against the local stand-ins: dotnet run -c Release --project bench/Benchmarks -- aws-edge
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["aws-edge", .. var rest])
        {
            return await AwsEdge.AwsEdgeBenchmark.RunAsync(rest);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
