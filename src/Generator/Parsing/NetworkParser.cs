using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslNets.Generator.Diagnostics;
using DslNets.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslNets.Generator.Parsing;

/// <summary>Reads a [Network] class and its layer members into an equatable <see cref="NetworkSpec"/>.</summary>
internal static class NetworkParser
{
    public const string NetworkAttributeName = "DslNets.NetworkAttribute";

    /// <summary>Every layer attribute by metadata name.</summary>
    private static readonly Dictionary<string, LayerKindSpec> LayerAttributes = new(StringComparer.Ordinal)
    {
        ["DslNets.DenseAttribute"] = LayerKindSpec.Dense,
        ["DslNets.SharedFilterAttribute"] = LayerKindSpec.SharedFilter,
        ["DslNets.Conv2DAttribute"] = LayerKindSpec.Conv2D,
        ["DslNets.MaxPoolAttribute"] = LayerKindSpec.MaxPool,
        ["DslNets.AvgPoolAttribute"] = LayerKindSpec.AvgPool,
        ["DslNets.FlattenAttribute"] = LayerKindSpec.Flatten,
        ["DslNets.DropoutAttribute"] = LayerKindSpec.Dropout,
        ["DslNets.ResidualAttribute"] = LayerKindSpec.Residual,
    };

    private static bool IsLayerAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ToDisplayString() is string name && LayerAttributes.ContainsKey(name);

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static NetworkSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            return null;
        }

        AttributeData? networkAttribute = context.Attributes.FirstOrDefault();
        LocationInfo? attributeLocation = LocationInfo.From(networkAttribute?.ApplicationSyntaxReference) ?? LocationInfo.From(declaration.Identifier.Parent);
        try
        {
            // [Network] on several partial parts gives one pipeline item per part, all with one hint name. Only the part
            // with the first [Network] goes on: it reports every later one and so generates nothing for the class.
            SyntaxReference[] networkAttributes = NetworkAttributesInSourceOrder(type);
            if (networkAttributes.Length > 1 && !Contains(declaration, networkAttributes[0]))
            {
                return null;
            }

            NetworkSpec spec = ParseCore(type, declaration, networkAttribute, attributeLocation, cancellationToken);
            if (networkAttributes.Length <= 1) return spec;
            var duplicates = networkAttributes.Skip(1)
                .Select(reference => DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetworkAttribute, LocationInfo.From(reference), type.Name));
            return spec with { Diagnostics = spec.Diagnostics.Concat(duplicates).ToEquatableArray() };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The generator must never fail the user's build with an exception: say what happened instead.
            return new NetworkSpec(null, type.Name, EquatableArray<string>.Empty, "class", 0, 0, 0, attributeLocation,
                EquatableArray<LayerSpec>.Empty,
                new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, attributeLocation, type.Name, exception.Message) }.ToEquatableArray());
        }
    }

    private static NetworkSpec ParseCore(
        INamedTypeSymbol type,
        TypeDeclarationSyntax declaration,
        AttributeData? networkAttribute,
        LocationInfo? attributeLocation,
        CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n
            ? n.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "")
            : null;

        // Containing types must be partial too, or the generated part cannot be placed inside them.
        var containing = new List<string>();
        var containingNames = new List<string>();
        bool genericContext = type.IsGenericType;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            genericContext |= outer.IsGenericType;
            containing.Insert(0, $"partial {Keyword(outer)} {Identifiers.Escape(outer.Name)}");
            containingNames.Insert(0, outer.Name);
            if (!IsPartial(outer))
            {
                // Name the outer type as what it is: the network itself may well be partial.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, attributeLocation,
                    $"The {Keyword(outer)} '{outer.Name}' that contains network '{type.Name}'"));
            }
        }

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, attributeLocation, $"Network class '{type.Name}'"));
        }

        if (genericContext)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNetwork, attributeLocation, type.Name));
        }

        if (type.IsStatic || type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInstantiable, attributeLocation, type.Name));
        }

        foreach (string reason in UnsupportedReasons(type, declaration))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDeclaration, attributeLocation, type.Name, reason));
        }

        int inputs = 0, loss = 0, precision = 0;
        bool inputShapeDeclared = false;
        var inputShape = new List<int>();
        bool readable = !(networkAttribute is null || networkAttribute.AttributeConstructor is null || HasErrors(networkAttribute));
        if (networkAttribute is null || networkAttribute.AttributeConstructor is null || HasErrors(networkAttribute))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableAttribute, attributeLocation, "Network", type.Name));
        }
        else
        {
            foreach (KeyValuePair<string, TypedConstant> argument in networkAttribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Inputs": inputs = AsInt(argument.Value); break;
                    case "Loss": loss = AsInt(argument.Value); break;
                    case "Precision": precision = AsInt(argument.Value); break;
                    case "InputShape" when !argument.Value.IsNull:
                        inputShapeDeclared = true;
                        if (argument.Value.Kind == TypedConstantKind.Array) inputShape.AddRange(argument.Value.Values.Select(AsInt));
                        break;
                }
            }
        }

        var layers = new List<LayerSpec>();
        var layerNames = new HashSet<string>(StringComparer.Ordinal);
        bool isDouble = precision == 1;
        foreach (ISymbol member in MembersInSourceOrder(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            LayerSpec? layer = ParseLayer(member, isDouble, diagnostics);
            if (layer is null) continue;
            if (!layerNames.Add(layer.Name) && !layer.IsBroken)
            {
                // The compiler's CS0102 alone would leave the generator emitting both layers into broken code.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, layer.Location, layer.Name, type.Name));
                layer = LayerSpec.Broken(layer.Name, layer.Location);
            }

            layers.Add(layer);
        }

        // Every other member name the user declared, to catch clashes with generated members (a user's InputSize).
        var otherNames = type.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && m.DeclaringSyntaxReferences.Length > 0 && m.CanBeReferencedByName && !layerNames.Contains(m.Name))
            .Select(m => m.Name)
            .Concat(type.GetTypeMembers().Select(t => t.Name))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToEquatableArray();

        return new NetworkSpec(ns, type.Name, containing.ToEquatableArray(), Keyword(type), inputs, loss, precision,
            attributeLocation, layers.ToEquatableArray(), diagnostics.ToEquatableArray())
        {
            ContainingTypeNames = containingNames.ToEquatableArray(),
            OtherMemberNames = otherNames,
            NetworkAttributeReadable = readable,
            Stub = StubFor(type, declaration, ns),
            InputShapeDeclared = inputShapeDeclared,
            InputShape = inputShape.ToEquatableArray(),
        };
    }

    private static LayerSpec? ParseLayer(ISymbol member, bool isDouble, List<DiagnosticInfo> diagnostics)
    {
        AttributeData? layerAttribute = null;
        foreach (AttributeData attribute in member.GetAttributes())
        {
            if (!IsLayerAttribute(attribute)) continue;
            if (layerAttribute is null)
            {
                layerAttribute = attribute;
                continue;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TwoLayerAttributes, LocationInfo.From(attribute.ApplicationSyntaxReference),
                member.Name, ShortName(layerAttribute), ShortName(attribute)));
            return LayerSpec.Broken(member.Name, LocationInfo.From(attribute.ApplicationSyntaxReference));
        }

        if (layerAttribute is null) return null;

        LocationInfo? location = LocationInfo.From(layerAttribute.ApplicationSyntaxReference);
        LayerKindSpec kind = LayerAttributes[layerAttribute.AttributeClass!.ToDisplayString()];
        string kindShort = ShortName(layerAttribute);

        // The member's form: a field, or a get-only partial property waiting for its implementation.
        ITypeSymbol memberType;
        bool isField;
        string? formProblem = null;
        switch (member)
        {
            case IFieldSymbol field:
                memberType = field.Type;
                isField = true;
                if (field.IsStatic || field.IsConst) formProblem = "it is static";
                break;
            case IPropertySymbol property:
                memberType = property.Type;
                isField = false;
                if (property.IsIndexer) formProblem = "it is an indexer";
                else if (property.IsStatic) formProblem = "it is static";
                else if (!property.IsPartialDefinition || property.PartialImplementationPart is not null) formProblem = "it is not partial";
                else if (property.SetMethod is not null) formProblem = "it has a setter";
                break;
            default:
                return null;
        }

        if (formProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerMember, location, member.Name, formProblem));
            return LayerSpec.Broken(member.Name, location);
        }

        if (layerAttribute.AttributeConstructor is null || HasErrors(layerAttribute))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableAttribute, location, kindShort, member.Name));
            return LayerSpec.Broken(member.Name, location);
        }

        (string viewName, bool generic) = LayerViews.Of(kind);
        string declaredType = memberType.ToDisplayString(TypeFormat);
        string plainType = memberType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string element = isDouble ? "double" : "float";
        bool usesGeneric = generic && plainType == $"global::DslNets.{viewName}<{element}>";
        // Views of layers without parameters do not depend on the element type.
        bool typeIsValid = usesGeneric || ((!isDouble || !generic) && plainType == $"global::DslNets.{viewName}");

        int outputs = 0, activation = 0, inputsDeclared = 0, filterSize = 0, count = 0;
        int kernel = 0, kernelHeight = 0, kernelWidth = 0, padding = 0;
        // A convolution steps by 1 unless told; a pool's 0 means its size; a shared filter's 0 means fixed matrices.
        int stride = kind == LayerKindSpec.Conv2D ? 1 : 0;
        double leakySlope = 0.01, dropout = 0;
        bool bias = true, exact = false;
        string? tiedTo = null, from = null;
        var ctor = layerAttribute.ConstructorArguments;
        switch (kind)
        {
            case LayerKindSpec.Dense:
                if (ctor.Length > 0) outputs = AsInt(ctor[0]);
                if (ctor.Length > 1) activation = AsInt(ctor[1]);
                break;
            case LayerKindSpec.SharedFilter:
                if (ctor.Length > 0) filterSize = AsInt(ctor[0]);
                if (ctor.Length > 1) count = AsInt(ctor[1]);
                activation = ctor.Length > 2 ? AsInt(ctor[2]) : 1;
                break;
            case LayerKindSpec.Conv2D:
                if (ctor.Length > 0) outputs = AsInt(ctor[0]);
                if (ctor.Length > 1) kernel = AsInt(ctor[1]);
                if (ctor.Length > 2) activation = AsInt(ctor[2]);
                break;
            case LayerKindSpec.MaxPool:
            case LayerKindSpec.AvgPool:
                if (ctor.Length > 0) kernel = AsInt(ctor[0]);
                break;
            case LayerKindSpec.Dropout:
                if (ctor.Length > 0) dropout = AsDouble(ctor[0]);
                break;
            case LayerKindSpec.Residual:
                if (ctor.Length > 0) activation = AsInt(ctor[0]);
                break;
        }

        foreach (KeyValuePair<string, TypedConstant> argument in layerAttribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Bias": bias = argument.Value.Value is bool b && b; break;
                case "LeakySlope": leakySlope = AsDouble(argument.Value); break;
                case "Inputs": inputsDeclared = AsInt(argument.Value); break;
                case "TiedTo": tiedTo = argument.Value.Value as string ?? ""; break;
                case "Stride": stride = AsInt(argument.Value); break;
                case "KernelHeight": kernelHeight = AsInt(argument.Value); break;
                case "KernelWidth": kernelWidth = AsInt(argument.Value); break;
                case "Padding": padding = AsInt(argument.Value); break;
                case "ExactTiling": exact = argument.Value.Value is bool e && e; break;
                case "From": from = argument.Value.Value as string ?? ""; break;
            }
        }

        string sizeName = kind == LayerKindSpec.Conv2D ? "kernel" : "size";
        return new LayerSpec(
            member.Name,
            kind,
            isField,
            AccessibilityText(member.DeclaredAccessibility) + RepeatedModifiers(member),
            declaredType,
            memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            usesGeneric,
            typeIsValid,
            outputs,
            activation,
            leakySlope,
            bias,
            inputsDeclared,
            tiedTo,
            filterSize,
            count,
            stride,
            location)
        {
            KernelHeight = kernelHeight != 0 ? kernelHeight : kernel,
            KernelWidth = kernelWidth != 0 ? kernelWidth : kernel,
            KernelHeightSource = kernelHeight != 0 ? "KernelHeight" : sizeName,
            KernelWidthSource = kernelWidth != 0 ? "KernelWidth" : sizeName,
            Padding = padding,
            ExactTiling = exact,
            DropoutProbability = dropout,
            From = from,
        };
    }

    /// <summary>
    /// The stub for a network that cannot be generated: its partial shell and its layer properties, or null when a
    /// generated part cannot join the class (it or a type around it is not partial, or it is file-local).
    /// </summary>
    private static NetworkStub? StubFor(INamedTypeSymbol type, TypeDeclarationSyntax declaration, string? ns)
    {
        if (declaration.Modifiers.Any(SyntaxKind.FileKeyword) || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
        var shell = new List<string>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t)) return null;
            string parameters = t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => Identifiers.Escape(p.Name))) + ">";
            shell.Insert(0, $"partial {Keyword(t)} {Identifiers.Escape(t.Name)}{parameters}");
        }

        var properties = new List<PropertyStub>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (IPropertySymbol property in MembersInSourceOrder(type).OfType<IPropertySymbol>())
        {
            if (!property.IsPartialDefinition || property.PartialImplementationPart is not null) continue;
            if (!property.GetAttributes().Any(IsLayerAttribute)) continue;
            if (property.Type.TypeKind == TypeKind.Error || property.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error)) continue;
            if (property.DeclaringSyntaxReferences[0].GetSyntax() is not BasePropertyDeclarationSyntax syntax || syntax.AccessorList is null) continue;
            PropertyStub stub = PropertyStubFor(property, syntax);
            if (seen.Add(stub.Header)) properties.Add(stub);
        }

        return new NetworkStub(ns, shell.ToEquatableArray(), properties.ToEquatableArray());
    }

    /// <summary>A partial property's implementation must repeat its definition's modifiers, type, name and accessors exactly.</summary>
    private static PropertyStub PropertyStubFor(IPropertySymbol property, BasePropertyDeclarationSyntax syntax)
    {
        string modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
        string byRef = property.RefKind switch { RefKind.Ref => "ref ", RefKind.RefReadOnly => "ref readonly ", _ => "" };
        string name = property.IsIndexer
            ? "this[" + string.Join(", ", property.Parameters.Select(p => $"{ParameterPrefix(p)}{p.Type.ToDisplayString(TypeFormat)} {Identifiers.Escape(p.Name)}")) + "]"
            : Identifiers.Escape(property.Name);
        var accessors = syntax.AccessorList!.Accessors
            .Select(a => string.Join(" ", a.Modifiers.Select(m => m.Text).Concat([a.Keyword.Text])))
            .ToEquatableArray();
        return new PropertyStub($"{modifiers} {byRef}{property.Type.ToDisplayString(TypeFormat)} {name}", accessors);
    }

    private static string ParameterPrefix(IParameterSymbol parameter) =>
        (parameter.IsParams ? "params " : "") + parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };

    /// <summary>Declarations the generated part could not join or complete.</summary>
    private static IEnumerable<string> UnsupportedReasons(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.FileKeyword))
        {
            yield return "it is file-local, and a generated part in another file cannot join it (drop the 'file' modifier)";
        }

        INamedTypeSymbol? baseType = type.BaseType;
        if (baseType is not null && baseType.SpecialType != SpecialType.System_Object && baseType.TypeKind != TypeKind.Error)
        {
            if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName))
            {
                yield return $"it derives from the network '{baseType.Name}', and networks cannot inherit from each other";
            }
            else if (!baseType.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is not Accessibility.Private))
            {
                yield return $"its base class '{baseType.Name}' has no accessible parameterless constructor for the generated constructors to call";
            }
        }

        foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared))
        {
            var parameters = constructor.Parameters;
            bool seedOnly = parameters.Length == 1 && parameters[0].Type.SpecialType == SpecialType.System_Int32;
            bool seedAndConstants = parameters.Length == 2 && parameters[0].Type.SpecialType == SpecialType.System_Int32
                && parameters[1].Type.OriginalDefinition.ToDisplayString() == "System.ReadOnlySpan<T>";
            if (seedOnly || seedAndConstants)
            {
                string signature = seedOnly ? "(int)" : "(int, ReadOnlySpan<T>)";
                yield return $"it declares the constructor {type.Name}{signature}, which DslNets generates (remove it or change its parameters)";
            }
        }
    }

    /// <summary>Every [Network] attribute on the type's partial declarations, in the order <see cref="MembersInSourceOrder"/> uses.</summary>
    private static SyntaxReference[] NetworkAttributesInSourceOrder(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName)
            .Select(a => a.ApplicationSyntaxReference)
            .OfType<SyntaxReference>()
            .OrderBy(r => r.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(r => r.Span.Start)
            .ToArray();

    private static bool Contains(SyntaxNode declaration, SyntaxReference reference) =>
        reference.SyntaxTree == declaration.SyntaxTree && declaration.FullSpan.Contains(reference.Span);

    private static IEnumerable<ISymbol> MembersInSourceOrder(INamedTypeSymbol type) =>
        type.GetMembers()
            .Where(m => m is IFieldSymbol { IsImplicitlyDeclared: false } or IPropertySymbol)
            .Where(m => m.DeclaringSyntaxReferences.Length > 0)
            .OrderBy(m => m.DeclaringSyntaxReferences[0].SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(m => m.DeclaringSyntaxReferences[0].Span.Start);

    private static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeClass is null or { TypeKind: TypeKind.Error }
        || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static int AsInt(TypedConstant constant) => constant.Value switch
    {
        int i => i,
        short s => s,
        byte b => b,
        long l => l > int.MaxValue ? int.MaxValue : l < int.MinValue ? int.MinValue : (int)l,
        _ => 0,
    };

    private static double AsDouble(TypedConstant constant) => constant.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => double.NaN,
    };

    /// <summary>Modifiers both parts of a partial property must carry alike.</summary>
    private static string RepeatedModifiers(ISymbol member)
    {
        if (member is not IPropertySymbol) return "";
        var modifiers = new List<string>();
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax property) continue;
            foreach (SyntaxToken token in property.Modifiers)
            {
                if (token.IsKind(SyntaxKind.NewKeyword) || token.IsKind(SyntaxKind.VirtualKeyword) || token.IsKind(SyntaxKind.OverrideKeyword)
                    || token.IsKind(SyntaxKind.SealedKeyword) || token.IsKind(SyntaxKind.UnsafeKeyword))
                {
                    modifiers.Add(token.Text);
                }
            }

            break;
        }

        return modifiers.Count == 0 ? "" : " " + string.Join(" ", modifiers);
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
