namespace NetKAN.Bus.Architecture.Tests;

/// <summary>
/// References run one way: executable → hosting → stages → catalog → domain (Sagas, Inflator, Metadata, Contracts);
/// transports and AWS persistence are adapters hosting plugs in; the HTTP edge asks the catalog. These tests read the
/// csproj graph and every file's namespaces, and fail on any project or folder cycle, on any stage that can see hosting
/// or the HTTP edge, and on test projects that break the one-per-src-project layout or reference the executable.
/// </summary>
public sealed class DependencyTests
{
    private const string Host = "NetKAN.Bus.Host";
    private const string Hosting = "NetKAN.Bus.Hosting";

    private static readonly IReadOnlyList<SourceProject> Sources = SourceTree.Projects("src");

    [Fact]
    public void Src_holds_the_projects_the_architecture_names()
    {
        Assert.Equal(
            ["Catalog", "Contracts", "Host", "Hosting", "Inflator", "Metadata", "Persistence.DynamoDb", "Sagas", "Stages", "Transport", "Webhooks"],
            Sources.Select(p => SourceTree.Short(p.Name)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Project_references_form_no_cycle()
    {
        var edges = Sources.ToDictionary(p => p.Name, p => p.References.ToHashSet());
        Assert.Empty(Cycles.Find(edges).Select(c => string.Join(" → ", c)));
    }

    [Fact]
    public void Contracts_reference_no_project()
    {
        Assert.Empty(Sources.Single(p => p.Name == "NetKAN.Bus.Contracts").References);
    }

    [Fact]
    public void Only_the_executable_references_hosting_and_no_stage_references_the_http_edge()
    {
        var seeHosting = Sources.Where(p => p.References.Contains(Host) || (p.References.Contains(Hosting) && p.Name != Host))
            .Select(p => p.Name);
        Assert.Empty(seeHosting);
        var lowerLayers = new[] { "NetKAN.Bus.Stages", "NetKAN.Bus.Catalog", "NetKAN.Bus.Transport", "NetKAN.Bus.Inflator",
            "NetKAN.Bus.Metadata", "NetKAN.Bus.Sagas", "NetKAN.Bus.Contracts", "NetKAN.Bus.Persistence.DynamoDb" };
        var seeWeb = Sources.Where(p => lowerLayers.Contains(p.Name) && p.References.Contains("NetKAN.Bus.Webhooks"));
        Assert.Empty(seeWeb.Select(p => p.Name));
    }

    [Fact]
    public void No_stage_file_mentions_a_hosting_or_http_edge_namespace()
    {
        var forbidden = NamespacesOf(Host).Concat(NamespacesOf(Hosting)).Concat(NamespacesOf("NetKAN.Bus.Webhooks")).ToHashSet();
        var stages = Sources.Single(p => p.Name == "NetKAN.Bus.Stages");
        var offences = SourceTree.Files(stages)
            .SelectMany(f => SourceTree.Mentioned(File.ReadAllText(f.Path))
                .Where(name => forbidden.Any(ns => name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal)))
                .Select(name => $"{Path.GetRelativePath(SourceTree.Root, f.Path)} mentions {name}"))
            .Distinct()
            .ToList();
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void Folders_form_no_cycle_across_the_whole_source_tree()
    {
        var graph = FolderGraph();
        var cycles = Cycles.Find(graph).Select(c => string.Join(" ⇄ ", c.Select(f => f.ToString()).Order(StringComparer.Ordinal))).ToList();
        Assert.True(cycles.Count == 0, "Folder cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_folder_cycle_check_finds_a_cycle_when_there_is_one()
    {
        // Guards the guard: a graph with a two-folder loop and a lone edge gives exactly that loop.
        var a = new SourceFolder("P", "A");
        var b = new SourceFolder("P", "B");
        var c = new SourceFolder("P", "C");
        var graph = new Dictionary<SourceFolder, HashSet<SourceFolder>> { [a] = [b], [b] = [a, c], [c] = [] };
        var cycle = Assert.Single(Cycles.Find(graph));
        Assert.Equal([a, b], cycle.OrderBy(f => f.Folder));
    }

    [Fact]
    public void The_folder_graph_sees_real_edges()
    {
        // The indexer uses git: if the graph missed that edge, the cycle test above would prove nothing.
        var graph = FolderGraph();
        Assert.Contains(new SourceFolder("Catalog", "Git"), graph[new SourceFolder("Stages", "Indexer")]);
        Assert.Contains(new SourceFolder("Stages", "Indexer"), graph[new SourceFolder("Hosting", "Roles")]);
    }

    [Fact]
    public void Only_the_host_tests_and_the_cross_process_tests_reference_the_executable()
    {
        // Tests of a library reference the library only (a host is composed through the Hosting library), so changing
        // the executable rebuilds just its own tests: Host.Tests (CLI, demo, replay) and Integration.Tests, which runs
        // netkan's commands and the netkan process itself against the AWS stand-ins.
        var mayReferenceTheExecutable = new[] { "NetKAN.Bus.Host.Tests", "NetKAN.Bus.Integration.Tests" };
        var offenders = SourceTree.Projects("tests")
            .Where(p => p.References.Contains(Host) && !mayReferenceTheExecutable.Contains(p.Name))
            .Select(p => p.Name);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_test_project_is_named_after_a_src_project_or_is_a_cross_cutting_one()
    {
        // One test project per src project (issue 11): a new src project's tests get their own project.
        var crossCutting = new[] { "Architecture.Tests", "Integration.Tests", "TestSupport" };
        var names = Sources.Select(p => SourceTree.Short(p.Name)).ToHashSet();
        var strays = SourceTree.Projects("tests")
            .Select(p => SourceTree.Short(p.Name))
            .Where(n => !crossCutting.Contains(n) && !(n.EndsWith(".Tests", StringComparison.Ordinal) && names.Contains(n[..^".Tests".Length])));
        Assert.Empty(strays);
    }

    private static IEnumerable<string> NamespacesOf(string project) =>
        SourceTree.Files(Sources.Single(p => p.Name == project))
            .SelectMany(f => SourceTree.Declared(File.ReadAllText(f.Path)))
            .Distinct();

    /// <summary>
    /// Folder → folders whose namespaces its files mention (usings and qualified names), over all of src. Files at a
    /// project's root are left out: they are the project's face (its options, context, DI registration), which its
    /// own folders use without a using (C# resolves parent namespaces implicitly), so text alone cannot see those
    /// edges; what the root may reference is already checked at project level.
    /// </summary>
    private static Dictionary<SourceFolder, HashSet<SourceFolder>> FolderGraph()
    {
        var files = Sources.SelectMany(SourceTree.Files)
            .Where(f => f.Folder.Folder != "(root)")
            .Select(f => (f.Folder, Text: File.ReadAllText(f.Path)))
            .ToList();
        var owners = files
            .SelectMany(f => SourceTree.Declared(f.Text).Select(ns => (Namespace: ns, f.Folder)))
            .GroupBy(x => x.Namespace)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Folder).ToHashSet());
        var graph = files.Select(f => f.Folder).Distinct().ToDictionary(f => f, _ => new HashSet<SourceFolder>());
        foreach (var (folder, text) in files)
        {
            foreach (var name in SourceTree.Mentioned(text))
            {
                // The longest declared namespace that the mentioned name starts with (a using or a qualified type).
                var owner = owners.Keys
                    .Where(ns => name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal))
                    .MaxBy(ns => ns.Length);
                if (owner is null)
                {
                    continue;
                }
                foreach (var target in owners[owner].Where(t => t != folder))
                {
                    graph[folder].Add(target);
                }
            }
        }
        return graph;
    }
}
