using System.Text;

namespace DslNets.Data;

/// <summary>
/// Reads lines (ended by "\n", "\r\n" or "\r", as <see cref="TextReader.ReadLine"/> does) but refuses a line longer than
/// a limit as soon as it passes it, so one enormous line costs the limit, not the line.
/// </summary>
internal sealed class BoundedLineReader
{
    private readonly TextReader _reader;
    private readonly int _maxLength;
    private readonly string _path;
    private readonly char[] _buffer = new char[4096];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _count;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="path"/> names the file in messages.</summary>
    public BoundedLineReader(TextReader reader, int maxLength, string path)
    {
        _reader = reader;
        _maxLength = maxLength;
        _path = path;
    }

    /// <summary>How many lines have been returned so far.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the input.</summary>
    /// <exception cref="DataFormatException">The line is longer than the limit.</exception>
    public string? ReadLine()
    {
        _line.Clear();
        bool any = false;
        while (true)
        {
            if (_position == _count)
            {
                _count = _reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_count == 0)
                {
                    if (!any) return null;
                    LineNumber++;
                    return _line.ToString();
                }
            }

            any = true;
            int start = _position;
            while (_position < _count && _buffer[_position] != '\n' && _buffer[_position] != '\r') _position++;
            Append(start, _position - start);
            if (_position == _count) continue;

            char ending = _buffer[_position++];
            if (ending == '\r' && PeekIsNewline()) _position++;
            LineNumber++;
            return _line.ToString();
        }
    }

    private void Append(int start, int length)
    {
        if (_line.Length + length > _maxLength)
        {
            throw new DataFormatException(
                $"{_path}: line {LineNumber + 1} is longer than {_maxLength} characters; expected one sample per line (is this a text file with line breaks?)");
        }

        _line.Append(_buffer, start, length);
    }

    /// <summary>Whether the next character is '\n' (refilling the buffer if it is empty), so "\r\n" counts as one ending.</summary>
    private bool PeekIsNewline()
    {
        if (_position == _count)
        {
            _count = _reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
        }

        return _position < _count && _buffer[_position] == '\n';
    }
}
