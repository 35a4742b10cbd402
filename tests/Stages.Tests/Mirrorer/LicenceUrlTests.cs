using NetKAN.Bus.Services.Mirrorer;

namespace NetKAN.Bus.Services.Tests.Mirrorer;

/// <summary>The licence pages archive.org items link to: the current ones, not the dead pre-2024 addresses.</summary>
public sealed class LicenceUrlTests
{
    [Theory]
    [InlineData("Artistic", "https://opensource.org/license/artistic-1-0")]
    [InlineData("Artistic-1.0", "https://opensource.org/license/artistic-1-0")]
    [InlineData("Artistic-2.0", "https://www.perlfoundation.org/artistic-license-20.html")]
    [InlineData("W3C", "https://www.w3.org/copyright/software-license-2023/")]
    public void Superseded_licence_pages_are_replaced_by_the_current_ones(string licence, string url) =>
        Assert.Equal(url, MirrorLicenses.Urls[licence]);

    [Fact]
    public void No_licence_url_points_at_a_retired_page()
    {
        string[] retired = ["license-list.en.html#ArtisticLicense", "perlfoundation.org/artistic_license_2_0", "Consortium/Legal/2015"];
        Assert.DoesNotContain(MirrorLicenses.Urls.Values, url => retired.Any(x => url.Contains(x, StringComparison.Ordinal)));
    }
}
