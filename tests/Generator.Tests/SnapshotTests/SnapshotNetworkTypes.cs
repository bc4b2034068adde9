using System.Reflection;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>Finds the compiled snapshot networks (the generator runs on this test project, so they are real types here).</summary>
public static class SnapshotNetworkTypes
{
    /// <summary>The [Network] class named <paramref name="name"/> in this assembly; fails naming what was found.</summary>
    public static Type Find(string name)
    {
        Type[] matches = typeof(SnapshotNetworkTypes).Assembly.GetTypes()
            .Where(type => type.Name == name && type.GetCustomAttribute<NetworkAttribute>() is not null)
            .ToArray();
        Assert.True(matches.Length == 1, $"Expected one [Network] class named '{name}' in the test assembly but found {matches.Length}.");
        return matches[0];
    }

    /// <summary>T of the INetwork&lt;TSelf, T&gt; that <paramref name="network"/> implements.</summary>
    public static Type ElementType(Type network)
    {
        Type[] elements = network.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INetwork<,>))
            .Select(i => i.GetGenericArguments()[1])
            .ToArray();
        Assert.True(elements.Length == 1, $"'{network.Name}' implements INetwork<TSelf, T> {elements.Length} times; expected once.");
        return elements[0];
    }
}
