using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetKAN.Bus.Inflator.Install;
using NetKAN.Bus.Inflator.Json;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Inflator.Validators;
using NetKAN.Bus.Metadata.Documents;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Inflator.Tests;

/// <summary>Every real netkan passes the offline parts of the inflator: parse, merge, pre-validation, stanzas, regexes.</summary>
public sealed class CorpusValidationTests
{
    [Fact]
    public void Every_corpus_netkan_passes_the_offline_checks()
    {
        var failures = new List<string>();
        var files = Directory.GetFiles(Corpus.NetKanDir, "*.netkan");
        foreach (var path in files)
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            try
            {
                var docs = NetkanParser.Parse(File.ReadAllText(path), stem);
                var merged = docs.Count > 1 ? Inflator.MergeDocuments(docs) : docs.ToList();
                foreach (var doc in merged)
                {
                    NetkanValidator.Validate(doc);
                    NetkanValidator.ValidateIdentifier(doc, stem);
                    _ = InstallStanza.For(doc, stem, "GameData");
                    if (doc["x_netkan_version_edit"] is { } edit)
                    {
                        _ = new Regex((edit as JsonObject)?.GetString("find") ?? edit.AsString()!);
                    }
                    if (RemoteRef.TryParse(doc.GetString("$kref")) is { Source: "github", Id: { } id } && id.Split('/', 4) is [_, _, _, var re])
                    {
                        _ = new Regex(re);
                    }
                    if (RemoteRef.TryParse(doc.GetString("$vref")) is { Id: { } vrefPath })
                    {
                        _ = new Regex(vrefPath);
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"{stem}: {e.Message}");
            }
        }
        Assert.Equal(1454, files.Length);
        Assert.Empty(failures);
    }
}
