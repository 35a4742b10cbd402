using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Sagas.Status;
using NetKAN.Bus.Services.Lifecycle;

namespace NetKAN.Bus.Services.Tests.Lifecycle;

/// <summary>Which rows disagree with CKAN-meta.</summary>
public sealed class CkanMetaReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> InCkanMeta = ["Mod/Mod-1.0.ckan"];

    private static bool Exists(string path) => InCkanMeta.Contains(path);

    [Fact]
    public void A_committed_file_whose_index_outcome_was_lost_is_reported_present_with_the_head_commit()
    {
        var row = new ModState { Identifier = "Mod", Success = true, CkanFile = "Mod-1.0.ckan" };

        var finding = CkanMetaReconciliation.Check(row, GameId.Ksp, Now, "head", Exists);

        Assert.NotNull(finding);
        Assert.True(finding.Present);
        Assert.Equal(("Mod/Mod-1.0.ckan", "head"), (finding.Path, finding.Commit));
    }

    [Fact]
    public void An_indexed_file_missing_from_ckan_meta_is_reported_after_the_grace_period_only()
    {
        var row = new ModState { Identifier = "Gone", Success = true, IndexOutcome = "Added", IndexedFile = "Gone/Gone-1.ckan", LastIndexed = Now.AddMinutes(-30) };
        var recent = new ModState { Identifier = "Gone", Success = true, IndexOutcome = "Added", IndexedFile = "Gone/Gone-1.ckan", LastIndexed = Now.AddMinutes(-2) };

        Assert.False(CkanMetaReconciliation.Check(row, GameId.Ksp, Now, "head", Exists)!.Present);
        Assert.Null(CkanMetaReconciliation.Check(recent, GameId.Ksp, Now, "head", Exists));
    }

    [Fact]
    public void Rows_that_agree_or_claim_nothing_are_not_reported()
    {
        var agreeing = new ModState { Identifier = "Mod", Success = true, IndexOutcome = "Unchanged", IndexedFile = "Mod/Mod-1.0.ckan", LastIndexed = Now.AddDays(-1) };
        var failed = new ModState { Identifier = "Bad", Success = false, CkanFile = "Bad-1.ckan" };
        var staged = new ModState { Identifier = "Mod", Success = true, Staged = true, CkanFile = "Mod-1.0.ckan" };

        Assert.Null(CkanMetaReconciliation.Check(agreeing, GameId.Ksp, Now, "head", Exists));
        Assert.Null(CkanMetaReconciliation.Check(failed, GameId.Ksp, Now, "head", Exists));
        Assert.Null(CkanMetaReconciliation.Check(staged, GameId.Ksp, Now, "head", Exists));
    }
}
