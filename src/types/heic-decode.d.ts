// Types of `heic-decode` 2.x (libheif in WebAssembly), the calls src/platform/files/images.ts makes.
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  interface LazyImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }
  interface Decode {
    (opts: { buffer: Uint8Array }): Promise<DecodedImage>;
    all(opts: { buffer: Uint8Array }): Promise<LazyImage[] & { dispose(): void }>;
  }
  const decode: Decode;
  export default decode;
}
