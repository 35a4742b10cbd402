using System.CommandLine;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Cli;

/// <summary>Console.In is process-wide, so the CLI tests never run in parallel with each other.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection(nameof(ConsoleCollection))]
public sealed class CkanCommandsTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(string? stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var previousIn = Console.In;
        if (stdin is not null)
        {
            Console.SetIn(new StringReader(stdin));
        }
        try
        {
            var exit = await NetkanCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetIn(previousIn);
        }
    }

    [Fact]
    public async Task Version_sort_prints_CKAN_order_and_keeps_equal_versions_in_input_order()
    {
        var (exit, output, error) = await Run("v1.1\n1.3\n1:0.2\n1.1\n0.11\n1.01\n0.9\n\nv1.1.0.1\nv1.1.0.202206081400\n", "ckan-version", "sort");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("0.9\n0.11\n1.1\n1.01\n1.3\nv1.1\nv1.1.0.202206081400\nv1.1.0.1\n1:0.2\n", output);
    }

    [Fact]
    public async Task Version_sort_rejects_an_impossible_epoch()
    {
        var (exit, output, error) = await Run("1.0\n99999999999:1.0\n", "ckan-version", "sort");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("line 2", error);
    }

    [Fact]
    public async Task Validate_reports_each_invalid_file_and_a_summary()
    {
        using var dir = new TempDir();
        var good = """
            {
                "spec_version": "v1.4", "identifier": "Good", "name": "Good", "abstract": "a", "author": "me",
                "version": "1.0", "license": "MIT", "download": "https://example.com/good.zip"
            }
            """;
        Directory.CreateDirectory(dir.Combine("Good"));
        Directory.CreateDirectory(dir.Combine("Bad"));
        File.WriteAllText(dir.Combine("Good", "Good-1.0.ckan"), good);
        File.WriteAllText(dir.Combine("Bad", "Bad-1.0.ckan"), good.Replace("\"MIT\"", "\"MIT-ish\"").Replace("\"download\": \"https://example.com/good.zip\"", "\"download_size\": 1"));
        File.WriteAllText(dir.Combine("Bad", "Broken-1.0.ckan"), "{ nope");
        File.WriteAllText(dir.Combine("Bad", "notes.txt"), "ignored: not a .ckan");

        var (exit, output, _) = await Run(null, "ckan", "validate", dir.Path);

        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal($"{dir.Combine("Bad", "Bad-1.0.ckan")}: /license: value \"MIT-ish\" is not one of the allowed licences; missing required property \"download\"", lines[0]);
        Assert.StartsWith($"{dir.Combine("Bad", "Broken-1.0.ckan")}: not valid JSON", lines[1]);
        Assert.Equal("1 valid, 2 invalid", lines[2]);

        var (okExit, okOutput, _) = await Run(null, "ckan", "validate", dir.Combine("Good", "Good-1.0.ckan"));
        Assert.Equal(0, okExit);
        Assert.Equal("1 valid, 0 invalid\n", okOutput);
    }

    [Fact]
    public async Task Validate_fails_on_a_missing_path()
    {
        var (exit, _, error) = await Run(null, "ckan", "validate", "/nonexistent/thing.ckan");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/thing.ckan", error);
    }

    [Fact]
    public async Task Highest_prints_one_tab_separated_line_per_mod()
    {
        using var dir = new TempDir();
        foreach (var (folder, version, status) in new[] { ("Zed", "1.0", (string?)null), ("Zed", "1.1-beta", "testing"), ("Abc", "v2", null), ("Mid", "0.1", "development") })
        {
            Directory.CreateDirectory(dir.Combine(folder));
            var statusJson = status is null ? "" : $", \"release_status\": \"{status}\"";
            File.WriteAllText(dir.Combine(folder, $"{folder}-{version}.ckan"), $"{{ \"identifier\": \"{folder}\", \"version\": \"{version}\"{statusJson} }}");
        }

        var (exit, output, error) = await Run(null, "ckan-meta", "highest", "--ckan-meta", dir.Path);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("Abc\tv2\t\nMid\t\t0.1\nZed\t1.0\t1.1-beta\n", output);
    }

    [Fact]
    public async Task Highest_over_the_corpus_lists_every_mod()
    {
        var (exit, output, _) = await Run(null, "ckan-meta", "highest", "--ckan-meta", Corpus.CkanMetaDir);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3576, lines.Length);
        Assert.All(lines, line => Assert.Equal(3, line.Split('\t').Length));
        Assert.Contains("Kopernicus\t", output);
    }

    [Fact]
    public async Task Highest_requires_the_folder_option()
    {
        var (exit, _, error) = await Run(null, "ckan-meta", "highest");
        Assert.NotEqual(0, exit);
        Assert.Contains("--ckan-meta", error);
    }
}
