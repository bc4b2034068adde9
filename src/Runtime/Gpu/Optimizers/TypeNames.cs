namespace DslNets.Gpu;

/// <summary>Readable type names for messages ("Adam&lt;Double&gt;" rather than "Adam`1").</summary>
internal static class TypeNames
{
    /// <summary>The name with generic arguments spelled out, without namespaces.</summary>
    internal static string Short(Type type)
    {
        if (!type.IsGenericType) return type.Name;
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Short))}>";
    }

    /// <summary>The short name with the namespace in front.</summary>
    internal static string Full(Type type) => type.Namespace is { Length: > 0 } ns ? $"{ns}.{Short(type)}" : Short(type);
}
