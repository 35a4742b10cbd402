using LibGit2Sharp;
using NetKAN.Bus.Services.Git;

namespace NetKAN.Bus.Services.NetkanEdits;

/// <summary>
/// Commits to a proposal branch of a NetKAN working copy (<c>add/&lt;id&gt;</c>, <c>freeze/auto</c>) without touching
/// the working tree, as the original's <c>change_branch</c>: the branch continues from the remote branch when it exists,
/// else from a local branch of that name, else from the primary branch. Each commit is built from the previous tree
/// plus the edits; an edit that changes nothing commits nothing. The caller holds the working copy's lock.
/// </summary>
public sealed class BranchEdit
{
    private readonly GitWorkingCopy _copy;

    private BranchEdit(GitWorkingCopy copy, string branch, ObjectId tip, bool existed)
    {
        _copy = copy;
        Branch = branch;
        Tip = tip;
        Existed = existed;
    }

    public string Branch { get; }

    public string Reference => "refs/heads/" + Branch;

    /// <summary>The branch's current commit.</summary>
    public ObjectId Tip { get; private set; }

    /// <summary>True when the branch existed (remotely or locally) before this edit.</summary>
    public bool Existed { get; }

    /// <summary>True once this edit made a commit.</summary>
    public bool Committed { get; private set; }

    public static BranchEdit Start(GitWorkingCopy copy, string branch)
    {
        var remote = copy.HasRemote ? copy.Fetch(branch) : null;
        var local = copy.Tip("refs/heads/" + branch);
        var head = copy.Head ?? throw new InvalidOperationException($"{copy.Name}: the primary branch has no commit");
        return new BranchEdit(copy, branch, remote ?? local ?? head, remote is not null || local is not null);
    }

    /// <summary>The blob at a path of the branch's tip, or null.</summary>
    public ObjectId? Find(string path) => _copy.Commit(Tip).Tree[path]?.Target is Blob blob ? blob.Id : null;

    /// <summary>Applies <paramref name="edit"/> to the tip's tree and commits the result on the branch; returns the
    /// commit, or null when the tree did not change.</summary>
    public ObjectId? Commit(string message, Signature author, Signature committer, Action<TreeDefinition, ObjectDatabase> edit)
    {
        var repository = _copy.Repository;
        var before = _copy.Commit(Tip).Tree;
        var definition = TreeDefinition.From(before);
        edit(definition, repository.ObjectDatabase);
        var tree = repository.ObjectDatabase.CreateTree(definition);
        if (tree.Id == before.Id)
        {
            return null;
        }
        Tip = _copy.CommitTree(Reference, tree.Id, [Tip], message, author, committer);
        Committed = true;
        return Tip;
    }

    /// <summary>Points the local branch at the tip (when nothing was committed) and pushes it, when there is a remote.</summary>
    public void Push()
    {
        if (_copy.Tip(Reference) != Tip)
        {
            _copy.Repository.Refs.Add(Reference, Tip, allowOverwrite: true);
        }
        if (_copy.HasRemote)
        {
            _copy.Push(Reference, Reference);
        }
    }

    /// <summary>Adds (or replaces) a text file in a tree definition.</summary>
    public static void Write(TreeDefinition tree, ObjectDatabase objects, string path, string text)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        tree.Add(path, objects.CreateBlob(content), Mode.NonExecutableFile);
    }
}
