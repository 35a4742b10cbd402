using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using NetKAN.Bus.Services.Cli;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Hardening;

/// <summary>
/// Issue 13: bad options and paths printed stack traces; <c>demo --once</c> died with a 40-frame trace when the
/// dashboard port was taken. Now: usage errors are one line each with exit 2, failures one line with exit 1.
/// </summary>
public sealed class CliInputTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await OneLineErrors.RunAsync(NetkanCli.Create(), args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A loopback port something else is listening on.</summary>
    private static TcpListener TakenPort(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("99999")]
    [InlineData("-1")]
    public async Task A_port_out_of_range_is_a_one_line_usage_error(string port)
    {
        var (exit, _, error) = await Run("demo", "--port", port, "--once");

        Assert.Equal(2, exit);
        Assert.Equal($"netkan: --port {port} is not a TCP port (0 to 65535)", Lines(error)[0]);
        Assert.Equal("Try 'netkan demo --help'.", Lines(error)[1]);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (exit, _, error) = await Run("demo", "--bogus");

        Assert.Equal(2, exit);
        Assert.Contains("--bogus", Lines(error)[0]);
    }

    [Fact]
    public async Task A_data_folder_that_is_a_file_is_a_one_line_failure()
    {
        using var dir = new TempDir();
        var file = dir.Combine("data");
        await File.WriteAllTextAsync(file, "not a folder");

        var (exit, _, error) = await Run("demo", "--data", file, "--once");

        Assert.Equal(1, exit);
        Assert.Equal($"netkan demo: --data {file} is a file; a folder is needed there", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task An_unwritable_data_folder_is_a_one_line_failure()
    {
        // Not writable even for root.
        var (exit, _, error) = await Run("demo", "--data", "/proc/netkan-data", "--once");

        Assert.Equal(1, exit);
        Assert.StartsWith("netkan demo: --data /proc/netkan-data is not a writable folder", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task A_stray_CKAN_meta_file_in_the_data_folder_is_a_one_line_failure()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("CKAN-meta"), "stray");

        var (exit, _, error) = await Run("demo", "--data", dir.Path, "--once");

        Assert.Equal(1, exit);
        Assert.Contains("holds a file named CKAN-meta where a folder is needed", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Run_with_a_data_dir_that_is_a_file_is_a_one_line_failure()
    {
        using var dir = new TempDir();
        var file = dir.Combine("data");
        await File.WriteAllTextAsync(file, "x");

        var (exit, _, error) = await Run("run", "--roles", "dashboard", "--store", "memory", "--data-dir", file);

        Assert.Equal(1, exit);
        Assert.Equal($"netkan run: --data-dir {file} is a file; a folder is needed there", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Inflating_a_50000_level_netkan_fails_with_one_line_naming_the_limit()
    {
        using var dir = new TempDir();
        var netkan = dir.Combine("Deep.netkan");
        await File.WriteAllTextAsync(netkan, "{\"identifier\": \"Deep\", \"x\": " + new string('[', 50_000) + new string(']', 50_000) + "}");

        var (exit, output, error) = await Run("inflate", netkan, "--cache", dir.Combine("cache"));

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("Deep.netkan: line 1: nests deeper than 64 levels of mappings and lists", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Demo_once_does_not_need_the_dashboard_port()
    {
        using var data = new TempDir("netkan-demo");
        using var taken = TakenPort(out var port);

        var (exit, output, error) = await Run("demo", "--data", data.Path, "--once", "--port", port.ToString(), "--timeout", "120");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.DoesNotContain("Dashboard:", output);
    }

    [Fact]
    public async Task Demo_without_once_on_a_taken_port_says_so_in_one_line()
    {
        using var data = new TempDir("netkan-demo");
        using var taken = TakenPort(out var port);

        var (exit, _, error) = await Run("demo", "--data", data.Path, "--port", port.ToString());

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"netkan demo: cannot serve the dashboard on http://127.0.0.1:{port}", line);
        Assert.Contains("--port", line);
    }
}
