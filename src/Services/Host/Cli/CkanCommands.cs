using System.CommandLine;
using System.Text;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Metadata.Validation;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// Metadata tools: <c>netkan ckan validate</c>, <c>netkan ckan-version sort</c>, <c>netkan ckan-meta highest</c>.
/// Exit codes: 0 success, 1 the check found problems (invalid files), 2 the command could not run (bad input).
/// </summary>
public static class CkanCommands
{
    private const int Ok = 0;
    private const int Found = 1;
    private const int Failed = 2;

    /// <summary><c>netkan ckan validate PATH...</c>: schema-checks .ckan files and folders.</summary>
    public static Command Ckan()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = ".ckan files, or folders searched recursively for *.ckan",
            Arity = ArgumentArity.OneOrMore,
        };
        var validate = new Command("validate", "Validate .ckan files against CKAN.schema; prints one line per invalid file, then a summary.")
        {
            paths,
        };
        validate.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var files = new List<string>();
            foreach (var path in parse.GetValue(paths) ?? [])
            {
                if (File.Exists(path))
                {
                    files.Add(path);
                }
                else if (Directory.Exists(path))
                {
                    var found = Directory.GetFiles(path, "*.ckan", SearchOption.AllDirectories);
                    Array.Sort(found, StringComparer.Ordinal);
                    files.AddRange(found);
                }
                else
                {
                    error.WriteLine($"netkan ckan validate: no such file or folder: {path}");
                    return Task.FromResult(Failed);
                }
            }

            var results = CkanSchemaValidator.Default.ValidateFiles(files, ct);
            var report = new StringBuilder();
            foreach (var result in results.Where(r => !r.IsValid))
            {
                report.Append(result.FileName).Append(": ").AppendJoin("; ", result.Errors.Select(e => e.Reason)).Append('\n');
            }
            var invalid = results.Count(r => !r.IsValid);
            report.Append($"{results.Count - invalid} valid, {invalid} invalid\n");
            output.Write(report.ToString());
            return Task.FromResult(invalid > 0 ? Found : Ok);
        });

        var command = new Command("ckan", "Work with .ckan metadata files.");
        command.Subcommands.Add(validate);
        return command;
    }

    /// <summary><c>netkan ckan-version sort</c>: sorts version strings from stdin in CKAN order.</summary>
    public static Command CkanVersion()
    {
        var sort = new Command("sort", "Read version strings from stdin, one per line, and print them in ascending CKAN order (stable for equal versions).");
        sort.SetAction(async (parse, ct) =>
        {
            var lines = new List<(string Line, ModuleVersion Version)>();
            string? line;
            var number = 0;
            while ((line = await Console.In.ReadLineAsync(ct)) is not null)
            {
                number++;
                if (line.Length == 0)
                {
                    continue; // blank separators carry no version; a line of spaces is kept (" 1.0" is a version)
                }
                if (!ModuleVersion.TryParse(line, out var version))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"netkan ckan-version sort: line {number}: not a CKAN version: {line}");
                    return Failed;
                }
                lines.Add((line, version));
            }

            // OrderBy is a stable sort: equal versions (1.01, 1.1) keep their input order.
            var text = new StringBuilder();
            foreach (var (sorted, _) in lines.OrderBy(l => l.Version))
            {
                text.Append(sorted).Append('\n');
            }
            await parse.InvocationConfiguration.Output.WriteAsync(text.ToString());
            return Ok;
        });

        var command = new Command("ckan-version", "CKAN version ordering.");
        command.Subcommands.Add(sort);
        return command;
    }

    /// <summary><c>netkan ckan-meta highest --ckan-meta DIR</c>: highest stable and prerelease version per mod.</summary>
    public static Command CkanMeta()
    {
        var dir = new Option<string>("--ckan-meta")
        {
            Description = "A CKAN-meta checkout (one folder per mod)",
            Required = true,
        };
        var highest = new Command("highest", "Print identifier<TAB>highest stable<TAB>highest prerelease for every mod, sorted by identifier.")
        {
            dir,
        };
        highest.SetAction((parse, ct) =>
        {
            var root = parse.GetValue(dir)!;
            if (!Directory.Exists(root))
            {
                parse.InvocationConfiguration.Error.WriteLine($"netkan ckan-meta highest: no such folder: {root}");
                return Task.FromResult(Failed);
            }
            var index = CkanMetaIndex.Scan(root, ct);
            var text = new StringBuilder(index.Identifiers.Count * 48);
            foreach (var identifier in index.Identifiers)
            {
                var versions = index.Get(identifier);
                text.Append(identifier).Append('\t')
                    .Append(versions?.Stable?.ToString()).Append('\t')
                    .Append(versions?.Prerelease?.ToString()).Append('\n');
            }
            parse.InvocationConfiguration.Output.Write(text.ToString());
            return Task.FromResult(Ok);
        });

        var command = new Command("ckan-meta", "Read a CKAN-meta checkout.");
        command.Subcommands.Add(highest);
        return command;
    }
}
