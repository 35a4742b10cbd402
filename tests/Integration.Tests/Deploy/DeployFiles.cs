using NetKAN.Bus.TestSupport;
using YamlDotNet.RepresentationModel;

namespace NetKAN.Bus.Integration.Tests.Deploy;

/// <summary>Reads the deployment files of the repository (YAML with CloudFormation's short tags kept on the nodes).</summary>
public static class DeployFiles
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([SharedFolder.RepoRoot, .. parts]);

    public static string Text(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>Parses YAML; unknown tags such as <c>!Ref</c> are kept in <see cref="YamlNode.Tag"/>, aliases resolved.</summary>
    public static YamlMappingNode Yaml(params string[] parts)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Text(parts));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Select(x => (((YamlScalarNode)x.Key).Value!, x.Value)) : [];

    /// <summary>A compose service's settings with YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    public static Dictionary<string, YamlNode> Merged(YamlNode service)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in service.Entries())
        {
            if (key == "<<")
            {
                foreach (var (inherited, inheritedValue) in value.Entries())
                {
                    result.TryAdd(inherited, inheritedValue);
                }
            }
        }
        foreach (var (key, value) in service.Entries().Where(x => x.Key != "<<"))
        {
            result[key] = value;
        }
        return result;
    }

    public static IEnumerable<YamlNode> Descendants(YamlNode node)
    {
        yield return node;
        var children = node switch
        {
            YamlMappingNode map => map.Children.SelectMany(x => new[] { x.Key, x.Value }),
            YamlSequenceNode sequence => sequence.Children,
            _ => [],
        };
        foreach (var child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
