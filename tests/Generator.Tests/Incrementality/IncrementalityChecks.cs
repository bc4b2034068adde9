using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Incrementality;

/// <summary>
/// The incrementality assertions, apart from any one generator so they can be shown to pass and fail on small
/// pipelines of the tests' own: every named step is found, re-runs see only Cached or Unchanged outputs, and no
/// step output holds a symbol, syntax or a compilation.
/// </summary>
public static class IncrementalityChecks
{
    /// <summary>The prefix of the generator's own tracking names; built-in steps (which may hold syntax) are not ours to check.</summary>
    public const string StepPrefix = "DslNets.";

    /// <summary>Fails unless each step in <paramref name="names"/> ran and produced at least one output.</summary>
    public static void AssertStepsFound(GeneratorRun run, IReadOnlyList<string> names)
    {
        var tracked = run.Result.TrackedSteps;
        foreach (string name in names)
        {
            Assert.True(tracked.ContainsKey(name) && tracked[name].Any(step => step.Outputs.Length > 0),
                $"No outputs of a step tracked as '{name}'; the tracked steps are [{string.Join(", ", tracked.Keys.Order(StringComparer.Ordinal))}].");
        }
    }

    /// <summary>Fails unless every output of every step in <paramref name="names"/> is Cached or Unchanged.</summary>
    public static void AssertCachedOrUnchanged(GeneratorRun run, IReadOnlyList<string> names, string what)
    {
        Assert.True(run.Exception is null, run.Describe());
        AssertStepsFound(run, names);
        foreach (string name in names)
        {
            foreach (IncrementalGeneratorRunStep step in run.Result.TrackedSteps[name])
            {
                foreach ((object value, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"On {what}, step '{name}' reported an output {reason}, not Cached or Unchanged: {value}");
                }
            }
        }
    }

    /// <summary>Fails when an output of a step whose name starts with <see cref="StepPrefix"/> reaches a symbol, syntax or compilation.</summary>
    public static void AssertNoForbiddenOutputs(GeneratorRun run)
    {
        foreach (var (name, steps) in run.Result.TrackedSteps.Where(pair => pair.Key.StartsWith(StepPrefix, StringComparison.Ordinal)))
        {
            for (int s = 0; s < steps.Length; s++)
            {
                for (int o = 0; o < steps[s].Outputs.Length; o++)
                {
                    string? found = ObjectGraph.FindForbidden(steps[s].Outputs[o].Value, $"{name}[{s}].Outputs[{o}]");
                    Assert.True(found is null, $"A tracked step output holds what must not be cached: {found}");
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="createDriver"/>'s generator on <paramref name="trees"/>, then again on a clone, after adding
    /// an unrelated file and after editing the last tree's text (by <paramref name="editLastTree"/>), asserting each re-run is
    /// Cached or Unchanged in every step of <paramref name="names"/> and generates the same files; returns the first run.
    /// </summary>
    public static GeneratorRun AssertIncremental(Func<GeneratorDriver> createDriver, IReadOnlyList<SyntaxTree> trees, IReadOnlyList<string> names, Func<string, string> editLastTree)
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(trees);
        GeneratorRun first = GeneratorHarness.Run(createDriver(), compilation);
        Assert.True(first.Exception is null, first.Describe());
        AssertStepsFound(first, names);
        AssertNoForbiddenOutputs(first);

        GeneratorRun cloned = GeneratorHarness.Run(first.Driver, compilation.Clone());
        AssertCachedOrUnchanged(cloned, names, "a cloned compilation");
        Assert.Equal(first.GeneratedFiles, cloned.GeneratedFiles);

        Compilation added = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Other; public sealed class Unrelated { public int Value { get; set; } }", "Other.cs"));
        GeneratorRun afterAdding = GeneratorHarness.Run(first.Driver, added);
        AssertCachedOrUnchanged(afterAdding, names, "a compilation with an unrelated file added");
        Assert.Equal(first.GeneratedFiles, afterAdding.GeneratedFiles);

        SyntaxTree last = trees[^1];
        string editedText = editLastTree(last.GetText().ToString());
        Assert.NotEqual(last.GetText().ToString(), editedText);
        Compilation edited = compilation.ReplaceSyntaxTree(last, GeneratorHarness.Parse(editedText, last.FilePath));
        GeneratorRun afterEditing = GeneratorHarness.Run(first.Driver, edited);
        AssertCachedOrUnchanged(afterEditing, names, "a compilation with an unrelated method body edited");
        Assert.Equal(first.GeneratedFiles, afterEditing.GeneratedFiles);
        return first;
    }
}
