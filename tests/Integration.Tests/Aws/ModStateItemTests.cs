using NetKAN.Bus.Services.Persistence.DynamoDb;

namespace NetKAN.Bus.Integration.Tests.Aws;

/// <summary>The status item's date format, without a server.</summary>
public sealed class ModStateItemTests
{
    [Theory]
    [InlineData("2023-04-11T14:40:18.673421+0000")]
    [InlineData("2023-04-11T14:40:18.673421+00:00")]
    [InlineData("2023-04-11T14:40:18.673421Z")]
    [InlineData("2023-04-11T16:40:18.673421+0200")]
    public void Dates_in_pynamodb_and_iso_forms_read_as_the_same_instant(string text) =>
        Assert.Equal(new DateTimeOffset(2023, 4, 11, 14, 40, 18, TimeSpan.Zero).AddTicks(6734210), ModStateItem.ParseDate(text, "last_indexed"));

    [Fact]
    public void Dates_are_written_as_pynamodb_writes_them() =>
        Assert.Equal("2023-04-11T14:40:18.000000+0000",
            ModStateItem.PynamoDate(new DateTimeOffset(2023, 4, 11, 16, 40, 18, TimeSpan.FromHours(2))));

    [Fact]
    public void A_value_that_is_no_date_is_reported_with_its_attribute()
    {
        var error = Assert.Throws<FormatException>(() => ModStateItem.ParseDate("yesterday", "release_date"));
        Assert.Contains("release_date", error.Message);
        Assert.Contains("yesterday", error.Message);
    }
}
