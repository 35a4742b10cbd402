using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NetKAN.Bus.Metadata.Validation;

/// <summary>
/// Turns JsonSchema.Net's hierarchical output into a few sentences a mod author can act on.
/// </summary>
/// <remarks>
/// Raw output is noisy: every failed branch of a <c>oneOf</c>/<c>anyOf</c> is listed (a bad licence shows up as
/// "not in the enum" and as "not an array"), and a failed <c>not</c> shows up as a passing child. So we walk the
/// failing nodes ourselves, look up the schema fragment each one evaluated (following <c>$ref</c>) and the
/// instance value, and word each rule. For alternatives we report the branch that best fits the value's shape.
/// </remarks>
internal sealed class SchemaErrorExplainer(JsonObject schema, JsonElement instance, string fileName)
{
    private const int MaxValueLength = 80;

    public IReadOnlyList<SchemaError> Explain(EvaluationResults root)
    {
        var issues = ExplainNode(root);
        if (issues.Count == 0)
        {
            issues.Add(new Issue("", "schema", "does not match the CKAN schema"));
        }
        return issues
            .DistinctBy(i => (i.Pointer, i.Message))
            .Select(i => new SchemaError(fileName, i.Pointer, i.Keyword, i.Message))
            .ToArray();
    }

    private List<Issue> ExplainNode(EvaluationResults node)
    {
        var issues = new List<Issue>();
        if (node.IsValid)
        {
            return issues;
        }
        var evaluationPath = node.EvaluationPath.ToString();
        var instancePointer = node.InstanceLocation.ToString();
        var fragment = ResolveSchema(evaluationPath, out var definition);

        if (node.Errors is { } errors)
        {
            foreach (var (keyword, libraryMessage) in errors)
            {
                issues.AddRange(DescribeKeyword(keyword, libraryMessage, fragment, definition, instancePointer));
            }
        }

        var alternatives = new Dictionary<string, List<EvaluationResults>>(StringComparer.Ordinal);
        foreach (var child in node.Details ?? [])
        {
            var keyword = FirstSegment(child.EvaluationPath.ToString(), evaluationPath);
            switch (keyword)
            {
                case "oneOf" or "anyOf":
                    if (!alternatives.TryGetValue(keyword, out var list))
                    {
                        alternatives[keyword] = list = [];
                    }
                    list.Add(child);
                    break;
                case "not":
                    if (child.IsValid)
                    {
                        issues.Add(DescribeNot(fragment?["not"], instancePointer));
                    }
                    break;
                default:
                    issues.AddRange(ExplainNode(child));
                    break;
            }
        }
        foreach (var (keyword, branches) in alternatives)
        {
            var passing = branches.Count(b => b.IsValid);
            var alternativesOfRequired = RequiredOnlyAlternatives(branches);
            if (passing == 0)
            {
                issues.AddRange(alternativesOfRequired is { } names
                    ? [new Issue(instancePointer, keyword, $"must have {(keyword == "oneOf" ? "exactly " : "")}one of {JoinOr(names)}")]
                    : ExplainAlternatives(branches, instancePointer));
            }
            else if (keyword == "oneOf" && passing > 1)
            {
                issues.Add(alternativesOfRequired is { } names
                    ? new Issue(instancePointer, keyword, $"must have exactly one of {JoinOr(names)}, not several")
                    : new Issue(instancePointer, keyword, $"{ValueText(instancePointer)} matches more than one of the allowed forms"));
            }
        }
        return issues;
    }

    // oneOf: [ {required: [file]}, {required: [find]}, ... ] is "exactly one of these properties"; returns the names.
    private string[]? RequiredOnlyAlternatives(List<EvaluationResults> branches)
    {
        var names = new List<string>();
        foreach (var branch in branches)
        {
            if (ResolveSchema(branch.EvaluationPath.ToString(), out _) is not { Count: 1 } fragment
                || fragment["required"] is not JsonArray { Count: 1 } required)
            {
                return null;
            }
            names.Add($"\"{required[0]!.GetValue<string>()}\"");
        }
        return names.ToArray();
    }

    // Every branch failed. If each one only objects to the value's type, say which types are allowed. Otherwise
    // ignore branches of the wrong shape and report the closest remaining one.
    private List<Issue> ExplainAlternatives(List<EvaluationResults> branches, string pointer)
    {
        var explained = branches.Select(ExplainNode).ToList();
        bool IsShapeMismatch(Issue i) => i.ShapeMismatch && i.Pointer == pointer;

        if (explained.All(issues => issues.Count > 0 && issues.All(IsShapeMismatch)))
        {
            var types = explained.SelectMany(issues => issues).SelectMany(i => i.ExpectedTypes ?? []).Distinct().ToArray();
            return [new Issue(pointer, "type", $"expected {JoinOr(types.Select(Article))}, got {Article(TypeOf(pointer))}")];
        }

        var candidates = explained.Where(issues => !issues.Any(IsShapeMismatch)).ToList();
        if (candidates.Count == 0)
        {
            candidates = explained;
        }
        if (candidates.Count > 1 && candidates.All(c => c.Count == 1 && c[0].Pointer == pointer && c[0].Allowed is not null))
        {
            // e.g. install_to: a list of allowed names plus a list of allowed patterns.
            var allowed = candidates.SelectMany(c => c[0].Allowed!).Distinct().ToArray();
            return [new Issue(pointer, "anyOf", $"{ValueText(pointer)} is not allowed here; it must be {JoinOr(allowed)}")];
        }
        return candidates.OrderBy(c => c.Count).First();
    }

    private IEnumerable<Issue> DescribeKeyword(string keyword, string libraryMessage, JsonObject? fragment, string? definition, string pointer)
    {
        switch (keyword)
        {
            case "type":
                var expected = fragment?["type"] switch
                {
                    JsonArray array => array.Select(t => t?.GetValue<string>() ?? "null").ToArray(),
                    JsonValue value => [value.GetValue<string>()],
                    _ => [],
                };
                yield return new Issue(pointer, keyword, $"expected {JoinOr(expected.Select(Article))}, got {Article(TypeOf(pointer))}")
                {
                    ExpectedTypes = expected,
                    ShapeMismatch = true,
                };
                break;
            case "enum":
                var enumValues = (fragment?["enum"] as JsonArray)?.ToArray() ?? [];
                var values = enumValues.Select(v => v?.ToJsonString() ?? "null").ToArray();
                // A list checked against a list of names is the wrong shape, not a wrong name.
                var enumTypes = enumValues.Select(v => v is null ? "null" : TypeName(v.GetValueKind())).ToHashSet();
                var message = definition == "license"
                    ? $"{ValueText(pointer)} is not one of the allowed licences"
                    : values.Length <= 8
                        ? $"{ValueText(pointer)} is not one of {JoinOr(values)}"
                        : $"{ValueText(pointer)} is not one of the {values.Length} allowed values";
                yield return new Issue(pointer, keyword, message)
                {
                    Allowed = values.Length <= 8 ? values : null,
                    ExpectedTypes = enumTypes.ToArray(),
                    ShapeMismatch = !enumTypes.Contains(TypeOf(pointer)),
                };
                break;
            case "pattern":
                var pattern = fragment?["pattern"]?.GetValue<string>() ?? "?";
                yield return new Issue(pointer, keyword, $"{ValueText(pointer)} does not match pattern {pattern}")
                {
                    Allowed = [$"text matching {pattern}"],
                };
                break;
            case "required":
                var present = Resolve(pointer) is { ValueKind: JsonValueKind.Object } obj
                    ? obj.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                    : [];
                var missing = (fragment?["required"] as JsonArray)?
                    .Select(n => n?.GetValue<string>() ?? "")
                    .Where(name => !present.Contains(name))
                    .ToArray() ?? [];
                foreach (var name in missing)
                {
                    yield return new Issue(pointer, keyword, $"missing required property \"{name}\"");
                }
                if (missing.Length == 0)
                {
                    yield return new Issue(pointer, keyword, libraryMessage);
                }
                break;
            case "format":
                var format = fragment?["format"]?.GetValue<string>();
                var what = format switch
                {
                    "uri" => "an absolute URL",
                    "date-time" => "an RFC 3339 date-time",
                    _ => $"in format \"{format}\"",
                };
                yield return new Issue(pointer, keyword, $"{ValueText(pointer)} is not {what}");
                break;
            case "minimum":
                yield return new Issue(pointer, keyword, $"{ValueText(pointer)} is below the minimum {fragment?["minimum"]?.ToJsonString()}");
                break;
            case "maximum":
                yield return new Issue(pointer, keyword, $"{ValueText(pointer)} is above the maximum {fragment?["maximum"]?.ToJsonString()}");
                break;
            case "uniqueItems":
                var duplicate = Resolve(pointer) is { ValueKind: JsonValueKind.Array } items
                    ? items.EnumerateArray().Select(e => e.GetRawText()).GroupBy(t => t).FirstOrDefault(g => g.Count() > 1)?.Key
                    : null;
                yield return new Issue(pointer, keyword,
                    duplicate is null ? "items must be unique" : $"items must be unique, but {Shorten(duplicate)} appears more than once");
                break;
            default:
                yield return new Issue(pointer, keyword, $"{keyword}: {libraryMessage}");
                break;
        }
    }

    // The schema's install rule: not { anyOf: [ {required: [a, b]}, ... ] } means "never a and b together".
    private Issue DescribeNot(JsonNode? forbidden, string pointer)
    {
        var present = Resolve(pointer) is { ValueKind: JsonValueKind.Object } obj
            ? obj.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        var groups = forbidden?["anyOf"] is JsonArray anyOf ? anyOf.Select(n => n?["required"]).ToList() : [forbidden?["required"]];
        foreach (var group in groups)
        {
            if (group is JsonArray names && names.Count > 0
                && names.All(n => n is not null && present.Contains(n.GetValue<string>())))
            {
                var quoted = names.Select(n => $"\"{n!.GetValue<string>()}\"").ToArray();
                return new Issue(pointer, "not", quoted.Length == 1
                    ? $"must not have {quoted[0]}"
                    : $"must not combine {string.Join(" and ", quoted)}");
            }
        }
        return new Issue(pointer, "not", $"must not match {Shorten(forbidden?.ToJsonString() ?? "{}")}");
    }

    /// <summary>Finds the schema object an evaluation path points at, following <c>$ref</c> segments.</summary>
    private JsonObject? ResolveSchema(string evaluationPath, out string? definition)
    {
        definition = null;
        JsonNode? current = schema;
        foreach (var segment in Segments(evaluationPath))
        {
            if (segment == "$ref" && current?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
            {
                current = schema;
                foreach (var part in Segments(reference[1..]))
                {
                    current = Child(current, part);
                }
                definition = reference.Split('/')[^1];
                continue;
            }
            current = Child(current, segment);
        }
        return current as JsonObject;
    }

    private static JsonNode? Child(JsonNode? node, string segment) => node switch
    {
        JsonObject obj => obj[segment],
        JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private JsonElement? Resolve(string pointer)
    {
        var current = instance;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var property))
            {
                current = property;
            }
            else if (current.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                     && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private string TypeOf(string pointer) => Resolve(pointer) is { } value ? TypeName(value.ValueKind) : "nothing";

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private string ValueText(string pointer) =>
        Resolve(pointer) is { } value ? $"value {Shorten(value.GetRawText())}" : "value";

    private static string Shorten(string raw)
    {
        var oneLine = string.Join(' ', raw.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return oneLine.Length <= MaxValueLength ? oneLine : oneLine[..(MaxValueLength - 3)] + "...";
    }

    private static string Article(string type) => type switch
    {
        "array" or "object" or "integer" => $"an {type}",
        "null" or "nothing" => type,
        _ => $"a {type}",
    };

    private static string JoinOr(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "something else",
            1 => list[0],
            _ => new StringBuilder().AppendJoin(", ", list.Take(list.Count - 1)).Append(" or ").Append(list[^1]).ToString(),
        };
    }

    // The keyword a child evaluated, relative to its parent's evaluation path ("properties", "oneOf", "$ref", ...).
    private static string FirstSegment(string childPath, string parentPath)
    {
        var rest = childPath.StartsWith(parentPath, StringComparison.Ordinal) ? childPath[parentPath.Length..] : childPath;
        return Segments(rest).FirstOrDefault() ?? "";
    }

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    private sealed record Issue(string Pointer, string Keyword, string Message)
    {
        public string[]? ExpectedTypes { get; init; }

        public string[]? Allowed { get; init; }

        /// <summary>The value has the wrong JSON type for this rule (e.g. an array where a string was expected).</summary>
        public bool ShapeMismatch { get; init; }
    }
}
