namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>The line diff aligns inserted and removed lines instead of reporting every line after them.</summary>
public sealed class LineDiffTests
{
    [Fact]
    public void EqualTextsGiveNoDiff() => Assert.Equal("", LineDiff.Format("a\nb\n", "a\r\nb\r\n"));

    [Fact]
    public void AnInsertedLineIsOneAddedLine()
    {
        string diff = LineDiff.Format("a\nb\nc\nd\n", "a\nb\nX\nc\nd\n");
        Assert.Equal("+     3: X\n", diff.Replace("\r\n", "\n"));
    }

    [Fact]
    public void ARemovedLineIsOneRemovedLine()
    {
        string diff = LineDiff.Format("a\nb\nc\nd\n", "a\nc\nd\n");
        Assert.Equal("-     2: b\n", diff.Replace("\r\n", "\n"));
    }

    [Fact]
    public void LongDiffsStopAfterTheLimit()
    {
        string expected = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"old {i}"));
        string actual = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"new {i}"));
        string[] lines = LineDiff.Format(expected, actual, maxLines: 40).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal(41, lines.Length);
        Assert.Equal("… and 160 more differing lines", lines[^1]);
    }
}
