namespace NetKAN.Bus.Metadata.Documents;

/// <summary>Temporary stand-in for the metadata core's MetadataException.</summary>
public sealed class MetadataException(string message, Exception? inner = null) : Exception(message, inner);
