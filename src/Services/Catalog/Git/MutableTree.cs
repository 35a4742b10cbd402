using System.Text;
using LibGit2Sharp;

namespace NetKAN.Bus.Services.Git;

/// <summary>
/// An editable, in-memory copy of a git tree that loads subtrees on first use and, when written, writes only the
/// trees that changed. Committing one .ckan to CKAN-meta (3,800 folders, 30,000 files) then costs one blob, one
/// small folder tree and the root tree, instead of rewriting a 30,000-entry index. Not thread-safe: callers hold
/// the repository lock.
/// </summary>
public sealed class MutableTree
{
    private readonly Repository _repository;
    private readonly LooseObjects _objects;
    private readonly Dictionary<string, Entry> _byName;
    private readonly List<Entry> _ordered;
    private bool _orderChanged;
    private ObjectId? _id;

    private MutableTree(Repository repository, LooseObjects objects, ObjectId? id, List<Entry> entries)
    {
        _repository = repository;
        _objects = objects;
        _id = id;
        _ordered = entries;
        _byName = entries.ToDictionary(x => x.Name, StringComparer.Ordinal);
    }

    /// <summary>The tree's id, or null when it changed since it was loaded or written.</summary>
    public ObjectId? Id => _id;

    public int Count => _ordered.Count;

    /// <summary>Loads a tree; changed trees are written through <paramref name="objects"/>.</summary>
    public static MutableTree Load(Repository repository, LooseObjects objects, ObjectId treeId)
    {
        var tree = repository.Lookup<Tree>(treeId)
                   ?? throw new InvalidOperationException($"Tree {treeId} is missing from {repository.Info.Path}");
        var entries = new List<Entry>(tree.Count);
        foreach (var entry in tree)
        {
            entries.Add(new Entry(entry.Name, entry.Mode, entry.Target.Id));
        }
        // Trees from the object database are already in git order.
        return new MutableTree(repository, objects, treeId, entries);
    }

    public static MutableTree Empty(Repository repository, LooseObjects objects) => new(repository, objects, null, []);

    /// <summary>The blob id at a slash-separated path, or null when there is no file there.</summary>
    public ObjectId? FindBlob(string path)
    {
        var (folder, name) = Descend(path, create: false);
        return folder is not null && folder._byName.TryGetValue(name, out var entry) && entry.Mode != Mode.Directory
            ? entry.Id
            : null;
    }

    /// <summary>Whether a top-level entry (file or folder) exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Puts a blob at a slash-separated path, creating folders as needed.</summary>
    public void SetBlob(string path, ObjectId blob, Mode mode = Mode.NonExecutableFile)
    {
        var parts = path.Split('/');
        var chain = new List<MutableTree> { this };
        for (var i = 0; i < parts.Length - 1; i++)
        {
            chain.Add(chain[^1].Child(parts[i], create: true)!);
        }
        if (chain[^1].Put(parts[^1], mode, blob, child: null))
        {
            // Every folder above the changed one gets a new id too.
            foreach (var folder in chain)
            {
                folder._id = null;
            }
        }
    }

    /// <summary>Writes every changed tree (deepest first) and returns the root tree's id.</summary>
    public ObjectId Write()
    {
        if (_id is not null)
        {
            return _id;
        }
        foreach (var entry in _ordered)
        {
            if (entry.Child is { Id: null } child)
            {
                entry.Id = child.Write();
            }
        }
        if (_orderChanged)
        {
            _ordered.Sort(GitOrder);
            _orderChanged = false;
        }
        _id = _objects.WriteTree(Serialize());
        return _id;
    }

    private (MutableTree? Folder, string Name) Descend(string path, bool create)
    {
        var parts = path.Split('/');
        MutableTree? folder = this;
        for (var i = 0; i < parts.Length - 1 && folder is not null; i++)
        {
            folder = folder.Child(parts[i], create);
        }
        return (folder, parts[^1]);
    }

    private MutableTree? Child(string name, bool create)
    {
        if (_byName.TryGetValue(name, out var entry))
        {
            if (entry.Mode == Mode.Directory)
            {
                return entry.Child ??= Load(_repository, _objects, entry.Id);
            }
            if (!create)
            {
                return null;
            }
        }
        else if (!create)
        {
            return null;
        }
        var created = Empty(_repository, _objects);
        Put(name, Mode.Directory, ObjectId.Zero, created);
        return created;
    }

    /// <summary>Sets one entry; false when it already had this content.</summary>
    private bool Put(string name, Mode mode, ObjectId id, MutableTree? child)
    {
        if (_byName.TryGetValue(name, out var entry))
        {
            if (entry.Mode == mode && entry.Id == id && child is null && entry.Child is null)
            {
                return false;
            }
            if ((entry.Mode == Mode.Directory) != (mode == Mode.Directory))
            {
                _orderChanged = true; // a folder sorts as "name/"
            }
            entry.Mode = mode;
            entry.Id = id;
            entry.Child = child;
        }
        else
        {
            entry = new Entry(name, mode, id) { Child = child };
            _byName.Add(name, entry);
            _ordered.Add(entry);
            _orderChanged = true;
        }
        _id = null;
        return true;
    }

    private byte[] Serialize()
    {
        var size = 0;
        foreach (var entry in _ordered)
        {
            size += entry.ModeText.Length + 1 + entry.NameBytes.Length + 1 + 20;
        }
        var buffer = new byte[size];
        var at = 0;
        foreach (var entry in _ordered)
        {
            entry.ModeText.CopyTo(buffer, at);
            at += entry.ModeText.Length;
            buffer[at++] = (byte)' ';
            entry.NameBytes.CopyTo(buffer, at);
            at += entry.NameBytes.Length;
            buffer[at++] = 0;
            entry.Id.RawId.CopyTo(buffer, at);
            at += 20;
        }
        return buffer;
    }

    /// <summary>Git's tree order: bytewise by name, where a folder's name counts as if it ended in '/'.</summary>
    private static int GitOrder(Entry a, Entry b)
    {
        var x = a.NameBytes;
        var y = b.NameBytes;
        var common = Math.Min(x.Length, y.Length);
        var cmp = x.AsSpan(0, common).SequenceCompareTo(y.AsSpan(0, common));
        if (cmp != 0)
        {
            return cmp;
        }
        int next1 = x.Length > common ? x[common] : a.Mode == Mode.Directory ? '/' : 0;
        int next2 = y.Length > common ? y[common] : b.Mode == Mode.Directory ? '/' : 0;
        return next1.CompareTo(next2);
    }

    private static readonly byte[] DirectoryMode = "40000"u8.ToArray();
    private static readonly byte[] FileMode = "100644"u8.ToArray();

    private sealed class Entry(string name, Mode mode, ObjectId id)
    {
        public string Name { get; } = name;
        public byte[] NameBytes { get; } = Encoding.UTF8.GetBytes(name);
        public Mode Mode { get; set; } = mode;
        public ObjectId Id { get; set; } = id;
        public MutableTree? Child { get; set; }
        public byte[] ModeText => Mode switch
        {
            Mode.Directory => DirectoryMode,
            Mode.NonExecutableFile => FileMode,
            _ => Encoding.ASCII.GetBytes(Convert.ToString((int)Mode, 8)),
        };
    }
}
