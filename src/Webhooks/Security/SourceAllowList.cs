using System.Net;

namespace NetKAN.Bus.Webhooks.Security;

/// <summary>
/// The source networks allowed to call one group of routes. Built once from configuration, so a typo in a CIDR
/// stops the process at start with the offending key instead of silently letting everyone (or no one) in.
/// </summary>
public sealed class SourceAllowList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    private SourceAllowList(string group, IReadOnlyList<IPNetwork> networks)
    {
        Group = group;
        _networks = networks;
    }

    /// <summary>The route group's name as people read it (GitHub, SpaceDock, Inflate).</summary>
    public string Group { get; }

    /// <summary>An empty list lets every source in, as the original (which relied on the EC2 security group).</summary>
    public bool AllowsEveryone => _networks.Count == 0;

    public static SourceAllowList Parse(string group, IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var raw in entries.Select(x => x.Trim()).Where(x => x.Length > 0))
        {
            if (IPNetwork.TryParse(raw, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(raw, out var single))
            {
                var address = Normalize(single);
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new FormatException(
                    $"{WebhookOptions.Section}:AllowedSources:{group} entry '{raw}' is not a CIDR (e.g. 192.0.2.0/24) or an IP address");
            }
        }
        return new SourceAllowList(group, networks);
    }

    public bool Allows(IPAddress? address)
    {
        if (AllowsEveryone)
        {
            return true;
        }
        if (address is null)
        {
            return false;
        }
        var normalized = Normalize(address);
        return _networks.Any(x => x.Contains(normalized));
    }

    /// <summary>IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d; compare them as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
