import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef6ff",
          100: "#d9ebff",
          500: "#2f6fde",
          600: "#1f57c0",
          700: "#1a469b",
          900: "#142c5c",
        },
      },
    },
  },
  plugins: [],
} satisfies Config;
