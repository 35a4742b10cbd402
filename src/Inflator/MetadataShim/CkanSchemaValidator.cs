using System.Text.Json.Nodes;

namespace NetKAN.Bus.Metadata.Validation;

/// <summary>Temporary stand-in for the metadata core's schema validator: accepts everything.</summary>
public sealed class CkanSchemaValidator
{
    public CkanSchemaValidationResult Validate(JsonNode node, string fileName) => new(true, []);
}

public sealed record CkanSchemaValidationResult(bool IsValid, IReadOnlyList<string> Errors);
