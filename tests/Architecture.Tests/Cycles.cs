namespace NetKAN.Bus.Architecture.Tests;

/// <summary>Strongly connected components of a directed graph (Tarjan): every component with more than one node is a
/// cycle.</summary>
public static class Cycles
{
    public static IReadOnlyList<IReadOnlyList<T>> Find<T>(IReadOnlyDictionary<T, HashSet<T>> edges) where T : notnull
    {
        var index = new Dictionary<T, int>();
        var low = new Dictionary<T, int>();
        var stack = new Stack<T>();
        var onStack = new HashSet<T>();
        var result = new List<IReadOnlyList<T>>();
        var counter = 0;

        void Visit(T node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.TryGetValue(node, out var targets) ? targets : [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node])
            {
                return;
            }
            var component = new List<T>();
            T member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (!EqualityComparer<T>.Default.Equals(member, node));
            if (component.Count > 1)
            {
                result.Add(component);
            }
        }

        foreach (var node in edges.Keys.ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return result;
    }
}
