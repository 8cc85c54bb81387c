// The plain arithmetic behind scatter.js, without the DOM or ECharts (so node can test it): the 2-σ
// ellipse of a 2-D Gaussian, and echarts-gl's texture-size expressions turned into functions.

// The 2-σ outline of a 2-D Gaussian: the points m + 2·(√λ₁ cos t · v₁ + √λ₂ sin t · v₂) for t around the
// circle, from the eigen-decomposition of the 2×2 covariance [[a, b], [b, c]].
export function ellipsePoints(center, cov, nSigma = 2, segments = 72) {
  const [[a, b], [, c]] = cov;
  const tr = (a + c) / 2;
  const det = Math.sqrt(Math.max(0, ((a - c) / 2) ** 2 + b * b));
  const l1 = Math.max(0, tr + det), l2 = Math.max(0, tr - det);
  // eigenvector of l1: (b, l1 − a), or an axis when b ≈ 0
  let vx = b, vy = l1 - a;
  if (Math.hypot(vx, vy) < 1e-12) [vx, vy] = a >= c ? [1, 0] : [0, 1];
  const norm = Math.hypot(vx, vy);
  vx /= norm;
  vy /= norm;
  const r1 = nSigma * Math.sqrt(l1), r2 = nSigma * Math.sqrt(l2);
  const out = [];
  for (let s = 0; s <= segments; s++) {
    const t = (2 * Math.PI * s) / segments;
    const u = r1 * Math.cos(t), w = r2 * Math.sin(t);
    out.push([center[0] + u * vx - w * vy, center[1] + u * vy + w * vx]);
  }
  return out;
}

// echarts-gl's post-effect graph sizes its textures with strings like 'expr(width * dpr / 4)', which claygl
// turns into code with `new Function` — refused by the page's Content-Security-Policy (no 'unsafe-eval'), so
// every 3-D chart would fail to start. They are all products and quotients of width, height, dpr and numbers
// (or a pair of them): they are turned into plain functions here, before the first 3-D chart is made. claygl
// takes functions where it takes those strings (output sizes: f(renderer); node parameters: a
// 'beforerender' handler that sets the parameter).
export function compileSizeExpressions(json) {
  const EXPR = /^\s*expr\((.*)\)\s*$/s;
  const scalar = (text) => {
    const parts = text.trim().split(/\s*([*/])\s*/);
    const operand = (t) => {
      if (t === 'width') return (w) => w;
      if (t === 'height') return (w, h) => h;
      if (t === 'dpr') return (w, h, d) => d;
      const v = Number(t);
      if (t === '' || !Number.isFinite(v)) throw new Error(`echarts-gl size expression not understood: ${text}`);
      return () => v;
    };
    let f = operand(parts[0]);
    for (let i = 1; i < parts.length; i += 2) {
      const a = f, b = operand(parts[i + 1]);
      f = parts[i] === '*' ? (w, h, d) => a(w, h, d) * b(w, h, d) : (w, h, d) => a(w, h, d) / b(w, h, d);
    }
    return f;
  };
  const compile = (text) => {
    const t = text.trim();
    if (t.startsWith('[') && t.endsWith(']')) {
      const fs = t.slice(1, -1).split(',').map(scalar);
      return (w, h, d) => fs.map((f) => f(w, h, d));
    }
    return scalar(t);
  };
  for (const node of json?.nodes ?? []) {
    for (const out of Object.values(node.outputs ?? {})) {
      const p = out?.parameters;
      if (!p) continue;
      for (const key of ['width', 'height']) {
        const m = typeof p[key] === 'string' && EXPR.exec(p[key]);
        if (!m) continue;
        const f = compile(m[1]), scale = p.scale || 1;
        p[key] = (renderer) => f(renderer.getWidth() * scale, renderer.getHeight() * scale, renderer.getDevicePixelRatio());
      }
    }
    for (const [key, value] of Object.entries(node.parameters ?? {})) {
      const m = typeof value === 'string' && EXPR.exec(value);
      if (!m) continue;
      const f = compile(m[1]);
      node.parameters[key] = function setSize(renderer) {
        this.setParameter(key, f(renderer.getWidth(), renderer.getHeight(), renderer.getDevicePixelRatio()));
      };
    }
  }
}
