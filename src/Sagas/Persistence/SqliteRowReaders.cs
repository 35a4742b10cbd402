using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// Open connections, each with its row-by-id query prepared once, lent out one caller at a time: loading a row is
/// then one step of a prepared statement (no connection open, no pragma, no SQL parse per load). With WAL, these
/// readers never wait for the writer.
/// </summary>
internal sealed class SqliteRowReaders(Func<SqliteConnection> open) : IDisposable
{
    /// <summary>Idle readers kept; more are opened under a burst and closed when returned.</summary>
    private const int Kept = 16;

    private readonly ConcurrentBag<Reader> _idle = [];

    /// <summary>The body of row <paramref name="id"/> as SQLite keeps it (UTF-8), or null.</summary>
    public RowBody? LoadBody(string id)
    {
        var reader = _idle.TryTake(out var idle) ? idle : new Reader(open());
        RowBody? body;
        try
        {
            body = reader.Load(id);
        }
        catch
        {
            reader.Dispose(); // a reader that failed is not lent again
            throw;
        }
        if (_idle.Count < Kept)
        {
            _idle.Add(reader);
        }
        else
        {
            reader.Dispose();
        }
        return body;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private sealed class Reader(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteBodyQuery _query = new(connection);

        public RowBody? Load(string id) => _query.Load(id);

        public void Dispose()
        {
            _query.Dispose();
            connection.Dispose();
        }
    }
}

/// <summary>
/// The row-by-id query, prepared once on a connection (a pooled reader's, or the writer's between commits). Does not own
/// the connection.
/// </summary>
internal sealed class SqliteBodyQuery : IDisposable
{
    private readonly SqliteCommand _load;
    private readonly SqliteParameter _id;

    public SqliteBodyQuery(SqliteConnection connection)
    {
        _load = connection.CreateCommand();
        _load.CommandText = "SELECT body FROM mod_state WHERE correlation_id = $id";
        _id = _load.Parameters.Add(new SqliteParameter("$id", ""));
    }

    /// <summary>The body of row <paramref name="id"/> as SQLite keeps it (UTF-8), or null.</summary>
    public RowBody? Load(string id)
    {
        _id.Value = id;
        using var rows = _load.ExecuteReader();
        // The text's own UTF-8 bytes (sqlite3_column_blob): the JSON reader takes them as they are, where a string
        // would be decoded to UTF-16 here and encoded back to UTF-8 by the reader.
        var body = rows.Read() ? RowBody.Read(rows) : (RowBody?)null;
        // Step to the end: a statement left on its row keeps its read transaction open, and this connection would see
        // that snapshot (stale rows) until the statement is next run.
        while (rows.Read())
        {
        }
        return body;
    }

    public void Dispose() => _load.Dispose();
}

/// <summary>
/// A row's body copied into a buffer lent by the shared array pool, for the moment it takes to parse it; dispose to
/// give the buffer back. A row is ≈4 KB and every message loads one: a new array per load was a tenth of the bytes the
/// message path allocated.
/// </summary>
internal readonly struct RowBody : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _length;

    private RowBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Utf8 => _buffer.AsSpan(0, _length);

    /// <summary>Copies column 0 of the reader's current row, straight from SQLite's memory (the reader's own
    /// <c>GetBytes</c> and <c>GetFieldValue&lt;byte[]&gt;</c> would allocate an array of the row's size first).</summary>
    public static RowBody Read(SqliteDataReader rows)
    {
        var column = SQLitePCL.raw.sqlite3_column_blob(rows.Handle, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(column.Length);
        column.CopyTo(buffer);
        return new RowBody(buffer, column.Length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
