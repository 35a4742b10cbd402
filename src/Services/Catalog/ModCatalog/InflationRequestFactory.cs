using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Metadata.CkanMeta;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Services.ModCatalog;

/// <summary>Builds the inflation request for one netkan, as the original's <c>Netkan.sqs_message</c>.</summary>
public static class InflationRequestFactory
{
    /// <summary>Body = the netkan text; HighestVersion / HighestVersionPrerelease from CKAN-meta unless the netkan
    /// sets <c>x_netkan_allow_out_of_order</c>.</summary>
    public static InflateMod For(GameId game, ActiveNetkan netkan, CkanMetaIndex index)
    {
        var highest = netkan.AllowOutOfOrder ? null : index.Get(netkan.Identifier);
        return new InflateMod(game, netkan.Text, highest?.Stable?.ToString(), highest?.Prerelease?.ToString());
    }
}
