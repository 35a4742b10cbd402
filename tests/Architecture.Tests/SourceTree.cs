using System.Text.RegularExpressions;
using System.Xml.Linq;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Architecture.Tests;

/// <summary>One project of the solution as the files say it: its folder, its project references, and for each of its
/// top-level folders the namespaces it declares and the NetKAN.Bus namespaces it uses.</summary>
public sealed record SourceProject(string Name, string Directory, IReadOnlyList<string> References);

/// <summary>A top-level folder of a project ("Hosting/Roles", "Stages/Indexer", "Contracts/(root)").</summary>
public sealed record SourceFolder(string Project, string Folder)
{
    public override string ToString() => $"{Project}/{Folder}";
}

/// <summary>Reads src/ and tests/ as text: csproj files and the namespaces of .cs files.</summary>
public static partial class SourceTree
{
    public static string Root => SharedFolder.RepoRoot;

    public static IReadOnlyList<SourceProject> Projects(string under) =>
        Directory.EnumerateFiles(Path.Combine(Root, under), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(Read)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    private static SourceProject Read(string csproj)
    {
        var directory = Path.GetDirectoryName(csproj)!;
        var references = XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(x => Path.GetFileNameWithoutExtension(x.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        return new SourceProject(Path.GetFileNameWithoutExtension(csproj), directory, references);
    }

    /// <summary>Source files of a project (not bin/obj), with the top-level folder each sits in.</summary>
    public static IEnumerable<(SourceFolder Folder, string Path)> Files(SourceProject project) =>
        Directory.EnumerateFiles(project.Directory, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(project.Directory, path), Path: path))
            .Where(x => !x.Relative.StartsWith("bin", StringComparison.Ordinal) && !x.Relative.StartsWith("obj", StringComparison.Ordinal))
            .Select(x => (new SourceFolder(Short(project.Name),
                x.Relative.Contains(Path.DirectorySeparatorChar) ? x.Relative[..x.Relative.IndexOf(Path.DirectorySeparatorChar)] : "(root)"),
                x.Path));

    public static string Short(string projectName) => projectName.Replace("NetKAN.Bus.", "", StringComparison.Ordinal);

    /// <summary>Namespaces a file declares.</summary>
    public static IEnumerable<string> Declared(string text) =>
        NamespaceDeclaration().Matches(text).Select(m => m.Groups["ns"].Value);

    /// <summary>NetKAN.Bus namespaces (or namespace-qualified names) a file mentions: usings and qualified names.</summary>
    public static IEnumerable<string> Mentioned(string text) =>
        QualifiedName().Matches(text).Select(m => m.Value.TrimEnd('.'));

    [GeneratedRegex(@"^namespace (?<ns>[A-Za-z0-9_.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // Not inside a string literal ("NetKAN.Bus.Inflator" as an HttpClient name is no reference).
    [GeneratedRegex(@"(?<![A-Za-z0-9_.""])NetKAN\.Bus\.[A-Za-z0-9_.]+")]
    private static partial Regex QualifiedName();
}
