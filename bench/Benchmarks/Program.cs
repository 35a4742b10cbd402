using BenchmarkDotNet.Running;

namespace NetKAN.Bus.Benchmarks;

// Benchmarks over the real corpus. Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*'
// AWS edge throughput against the local stand-ins: dotnet run -c Release --project bench/Benchmarks -- aws-edge
// The indexer's whole message path (wire → dispatcher → consumer → git → saga in SQLite): … -- message-path
// How fast the machine is right now (a fixed JSON-parsing workload; bench/run.sh prints it with the figures): … -- machine-speed
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["aws-edge", .. var rest])
        {
            return await AwsEdge.AwsEdgeBenchmark.RunAsync(rest);
        }
        if (args is ["corpus-paths"])
        {
            // For bench/run.sh: extracts the corpus and builds its bare repositories once per machine (under .cache).
            Console.WriteLine($"CKAN_META_DIR={TestSupport.Corpus.CkanMetaDir}");
            Console.WriteLine($"NETKAN_BARE={TestSupport.CorpusGit.NetKanBare}");
            Console.WriteLine($"CKAN_META_BARE={TestSupport.CorpusGit.CkanMetaBare}");
            return 0;
        }
        if (args is ["machine-speed"])
        {
            return MachineSpeed.Run();
        }
        if (args is ["message-path", .. var options])
        {
            return await MessagePath.MessagePathBenchmark.RunAsync(options);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
