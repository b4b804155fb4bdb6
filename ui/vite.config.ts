import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // svelteTesting resolves Svelte's browser build and cleans up after each test.
  plugins: [svelte(), svelteTesting()],
  // The shell loads ui/dist from disk, so asset URLs must be relative.
  base: "./",
  clearScreen: false,
  server: { host: "127.0.0.1", port: 1420, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // The legend test reads the stylesheet itself.
    css: { include: [/app\.css/] },
    setupFiles: ["src/test/setup.ts"],
  },
});
