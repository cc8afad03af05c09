// `npm start` (and `npm run dev` with --dev). React and Express choose their
// development or production build when first imported, so NODE_ENV is settled
// here, before anything imports them; the portal itself loads after.
process.env.NODE_ENV = process.argv.includes("--dev") ? "development" : process.env.NODE_ENV || "production";
await import("./run-portal");

export {};
