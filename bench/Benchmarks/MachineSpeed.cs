using System.Diagnostics;
using System.Text.Json;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// A fixed single-threaded workload — parsing the same corpus .ckan files with <see cref="JsonDocument"/>, no code of
/// ours — timed on its own, so a run's figures can be read against how fast the machine is at that moment. On this
/// shared 2-core machine the same binary's single-threaded speed has been seen to change by 40 % within an hour, which
/// moves every other figure with it. Prints <c>machine_speed µs-per-pass</c> (the median of 7 passes; lower is faster).
/// </summary>
public static class MachineSpeed
{
    public static int Run()
    {
        var files = Directory.EnumerateDirectories(TestSupport.Corpus.CkanMetaDir)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Take(200)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.ckan").Take(1))
            .Select(File.ReadAllBytes)
            .ToList();
        var passes = new List<double>();
        for (var pass = 0; pass < 10; pass++)
        {
            var clock = Stopwatch.StartNew();
            var tokens = 0;
            for (var repeat = 0; repeat < 20; repeat++)
            {
                foreach (var file in files)
                {
                    using var document = JsonDocument.Parse(file);
                    tokens += document.RootElement.GetPropertyCount();
                }
            }
            if (pass >= 3 && tokens > 0) // the first passes warm the JIT up
            {
                passes.Add(clock.Elapsed.TotalMicroseconds);
            }
        }
        passes.Sort();
        Console.WriteLine($"machine_speed {passes[passes.Count / 2]:0} µs per pass of {files.Count * 20} parses");
        return 0;
    }
}
