using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Incrementality;

/// <summary>
/// Walks an object graph by reflection (every instance field, so every auto-property's backing field; array and
/// collection elements; boxed structs such as ImmutableArray and tuples) and finds what an incremental pipeline must
/// not cache: symbols, syntax nodes, syntax trees, compilations, semantic models.
/// </summary>
public static class ObjectGraph
{
    private const int MaxObjects = 500_000;

    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel)];

    /// <summary>The path of the first forbidden object reachable from <paramref name="root"/>, or null when there is none.</summary>
    public static string? FindForbidden(object? root, string rootName = "output")
    {
        if (root is null) return null;
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        pending.Push((root, rootName));
        while (pending.Count > 0)
        {
            (object value, string path) = pending.Pop();
            Type type = value.GetType();
            Type? forbidden = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
            if (forbidden is not null) return $"{path} is a {type.FullName} (an {forbidden.Name})";
            if (IsLeaf(type)) continue;
            if (!type.IsValueType && !visited.Add(value)) continue;
            if (visited.Count > MaxObjects)
            {
                throw new InvalidOperationException($"More than {MaxObjects} objects reachable from {rootName}; a step output should be small data.");
            }

            if (value is Array array)
            {
                if (IsLeaf(type.GetElementType()!)) continue;
                int index = 0;
                foreach (object? element in array)
                {
                    if (element is not null) pending.Push((element, $"{path}[{index}]"));
                    index++;
                }

                continue;
            }

            foreach (FieldInfo field in InstanceFields(type))
            {
                if (IsLeaf(field.FieldType) && field.FieldType.IsSealed) continue;
                object? fieldValue = field.GetValue(value);
                if (fieldValue is not null) pending.Push((fieldValue, $"{path}.{field.Name}"));
            }
        }

        return null;
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || type == typeof(decimal)
        || type == typeof(IntPtr) || type == typeof(UIntPtr) || type == typeof(Pointer)
        || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type);

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }
}
