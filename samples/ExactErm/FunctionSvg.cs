using System.Globalization;
using System.Text;
using DslNets.Erm;

namespace ExactErmSample;

/// <summary>An SVG of a fitted 2-D function: a colour map of f (blue negative, white 0, red positive), the hidden units'
/// hyperplanes uᵢ·x + bᵢ = 0 as dashed lines, and the data points coloured by label.</summary>
internal static class FunctionSvg
{
    public static void Write(string path, ErmResult result, double[,] x, double[] y, string title)
    {
        const int size = 480, cells = 96, top = 30;
        int d = y.Length;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int j = 0; j < d; j++)
        {
            minX = Math.Min(minX, x[j, 0]); maxX = Math.Max(maxX, x[j, 0]);
            minY = Math.Min(minY, x[j, 1]); maxY = Math.Max(maxY, x[j, 1]);
        }
        double padX = 0.1 * (maxX - minX) + 1e-9, padY = 0.1 * (maxY - minY) + 1e-9;
        minX -= padX; maxX += padX; minY -= padY; maxY += padY;
        double Sx(double v) => (v - minX) / (maxX - minX) * size;
        double Sy(double v) => top + (maxY - v) / (maxY - minY) * size;
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size + top}\" viewBox=\"0 0 {size} {size + top}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"6\" y=\"20\" font-family=\"sans-serif\" font-size=\"13\">{System.Security.SecurityElement.Escape(title)}</text>\n");
        double cell = (double)size / cells;
        for (int a = 0; a < cells; a++)
            for (int b = 0; b < cells; b++)
            {
                double px = minX + (a + 0.5) / cells * (maxX - minX), py = maxY - (b + 0.5) / cells * (maxY - minY);
                double f = Math.Clamp(result.Predict([px, py]), -1.5, 1.5) / 1.5;
                int r = f > 0 ? 255 : (int)(255 * (1 + f)), g = (int)(255 * (1 - Math.Abs(f))), bl = f < 0 ? 255 : (int)(255 * (1 - f));
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(a * cell)}\" y=\"{F(top + b * cell)}\" width=\"{F(cell + 0.5)}\" height=\"{F(cell + 0.5)}\" fill=\"rgb({r},{g},{bl})\"/>\n");
            }
        for (int i = 0; i < result.Width; i++)
        {
            double u0 = result.HiddenWeight(i, 0), u1 = result.HiddenWeight(i, 1), bias = result.HiddenBias(i);
            if (Math.Abs(u0) + Math.Abs(u1) < 1e-12) continue; // a unit that is off everywhere draws no line
            (double, double) P(double t) => Math.Abs(u1) > Math.Abs(u0)
                ? (minX + t * (maxX - minX), -(bias + u0 * (minX + t * (maxX - minX))) / u1)
                : (-(bias + u1 * (minY + t * (maxY - minY))) / u0, minY + t * (maxY - minY));
            var (x1, y1) = P(0);
            var (x2, y2) = P(1);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Sx(x1))}\" y1=\"{F(Sy(y1))}\" x2=\"{F(Sx(x2))}\" y2=\"{F(Sy(y2))}\" stroke=\"black\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\"/>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{top}\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"black\"/>\n");
        for (int j = 0; j < d; j++)
        {
            string colour = y[j] > 0 ? "#c00000" : "#0030c0";
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Sx(x[j, 0]))}\" cy=\"{F(Sy(x[j, 1]))}\" r=\"5\" fill=\"{colour}\" stroke=\"white\" stroke-width=\"1.5\"/>\n");
        }
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }
}
