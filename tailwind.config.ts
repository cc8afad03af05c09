import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        // CSS variables, so the workspace's brand colour (set on <html> by app/root.tsx)
        // recolours every button and link; the defaults are in app/tailwind.css.
        brand: Object.fromEntries(
          ["50", "100", "500", "600", "700", "800", "900"].map((shade) => [
            shade,
            `rgb(var(--brand-${shade}) / <alpha-value>)`,
          ]),
        ),
      },
    },
  },
  plugins: [],
} satisfies Config;
