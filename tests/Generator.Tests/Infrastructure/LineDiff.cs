using System.Text;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>
/// A readable line diff for snapshot failures: a longest-common-subsequence alignment of the lines between the
/// common prefix and suffix, printed as "- 12: expected" / "+ 12: actual" with line numbers.
/// </summary>
public static class LineDiff
{
    private const long MaxTableCells = 4_000_000;

    /// <summary>The first <paramref name="maxLines"/> differing lines of the two texts, or "" when they are equal.</summary>
    public static string Format(string expected, string actual, int maxLines = 40)
    {
        string[] a = Snapshot.Normalize(expected).Split('\n');
        string[] b = Snapshot.Normalize(actual).Split('\n');
        var lines = new List<string>();
        foreach ((char sign, int number, string text) in Edits(a, b))
        {
            lines.Add($"{sign} {number,5}: {text}");
        }

        if (lines.Count == 0) return "";
        var output = new StringBuilder();
        foreach (string line in lines.Take(maxLines)) output.AppendLine(line);
        if (lines.Count > maxLines) output.AppendLine($"… and {lines.Count - maxLines} more differing lines");
        return output.ToString();
    }

    private static IEnumerable<(char Sign, int Number, string Text)> Edits(string[] a, string[] b)
    {
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        int n = a.Length - prefix - suffix;
        int m = b.Length - prefix - suffix;

        if ((long)(n + 1) * (m + 1) > MaxTableCells)
        {
            // Too large to align: report the whole middle, removed then added.
            for (int i = 0; i < n; i++) yield return ('-', prefix + i + 1, a[prefix + i]);
            for (int j = 0; j < m; j++) yield return ('+', prefix + j + 1, b[prefix + j]);
            yield break;
        }

        // common[i, j] = LCS length of a[prefix+i..] and b[prefix+j..].
        var common = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                common[i, j] = a[prefix + i] == b[prefix + j]
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                x++;
                y++;
            }
            else if (y == m || (x < n && common[x + 1, y] >= common[x, y + 1]))
            {
                yield return ('-', prefix + x + 1, a[prefix + x]);
                x++;
            }
            else
            {
                yield return ('+', prefix + y + 1, b[prefix + y]);
                y++;
            }
        }
    }
}
