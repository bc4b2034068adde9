using System;
using System.Text;

namespace DslNets.Generator.Emit;

/// <summary>A small indented text writer (the generators' usual helper): one line at a time, braces indent.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }

        _builder.Append(' ', _depth * 4).Append(text).Append('\n');
        return this;
    }

    /// <summary>Writes each line of a multi-line block at the current depth.</summary>
    public IndentedWriter Lines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    public IndentedWriter Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _depth++;
        return this;
    }

    public IndentedWriter Close(string suffix = "")
    {
        _depth = Math.Max(0, _depth - 1);
        Line("}" + suffix);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
