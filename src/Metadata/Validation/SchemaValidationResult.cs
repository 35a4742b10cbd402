namespace NetKAN.Bus.Metadata.Validation;

/// <summary>
/// One reason a .ckan breaks the schema. <see cref="Pointer"/> is the JSON pointer of the offending value
/// (empty for the whole module); <see cref="Message"/> states the rule in words.
/// </summary>
public sealed record SchemaError(string FileName, string Pointer, string Keyword, string Message)
{
    /// <summary><c>/license: value "MIT-ish" is not one of the allowed licences</c> (no file name).</summary>
    public string Reason => Pointer.Length == 0 ? Message : $"{Pointer}: {Message}";

    /// <summary><c>Foo-1.0.ckan: /license: value "MIT-ish" is not one of the allowed licences</c>.</summary>
    public override string ToString() => $"{FileName}: {Reason}";
}

/// <summary>The outcome of validating one .ckan against CKAN.schema.</summary>
public sealed record SchemaValidationResult(string FileName, IReadOnlyList<SchemaError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public override string ToString() =>
        IsValid ? $"{FileName}: valid" : $"{FileName}: {string.Join("; ", Errors.Select(e => e.Reason))}";
}
