// Every classifier the page can train, and the settings its form shows: one entry per choice in the
// classifier picker. The form in step 4 (views/setup.js), the recipe (state.js) and the checks before
// training (actions.js) are all generated from this list.
//
// entry: {id, type (the recipe's classifier "type"), name, short, help, fixed? (settings the entry implies,
//         e.g. a baseline's strategy), slowRows? (warn above this many rows), params: [param…]}
// param: {key (the JSON key in the recipe, as in the C++ XParams), label, kind: 'int'|'number'|'select'|'bool'|'ints',
//         default (the C++ default), start? (what the page starts with when the C++ default trains too slowly
//         in a browser), min?, max?, options? ([[value, text]…] for select), help (one line for students), id? (the
//         form control's id; default `param-<key>`)}
// 'ints' is a list of whole numbers typed as "64, 32" (e.g. the MLP's hidden layer widths).

export const CLASSIFIERS = [
  {
    id: 'knn',
    type: 'knn',
    name: 'k-nearest neighbours',
    short: 'kNN',
    help: 'Finds the k training songs most like the new one and lets them vote. Nothing to fit; predicting is the slow part.',
    params: [
      { key: 'k', label: 'k (neighbours)', kind: 'int', default: 5, start: 12, min: 1, max: 1000, id: 'k-input', help: 'How many nearest training songs vote.' },
      { key: 'weights', label: 'Votes', kind: 'select', default: 'uniform', id: 'weights-select', options: [['uniform', 'uniform (one vote each)'], ['distance', 'by distance (nearer count more)']], help: 'Whether nearer songs count more.' },
      { key: 'metric', label: 'Distance', kind: 'select', default: 'euclidean', options: [['euclidean', 'Euclidean (straight line)'], ['manhattan', 'Manhattan (sum of differences)'], ['cosine', 'cosine (angle between songs)']], help: 'How “near” is measured.' },
    ],
  },
  {
    id: 'mlp',
    type: 'mlp',
    name: 'neural network (MLP)',
    short: 'MLP',
    help: 'Layers of weighted sums and non-linear units, trained epoch by epoch by gradient descent. Watch its loss fall live.',
    params: [
      { key: 'hidden', label: 'Hidden layers', kind: 'ints', default: [64, 64], min: 1, max: 1024, help: 'Units per hidden layer, input side first, e.g. “64, 64”. Empty = no hidden layer (a linear model).' },
      { key: 'epochs', label: 'Epochs', kind: 'int', default: 30, min: 1, max: 1000, help: 'Passes over the training songs.' },
      { key: 'learning_rate', label: 'Learning rate', kind: 'number', default: 0.001, min: 1e-6, max: 1, step: 0.0005, help: 'Step size of each update; too large diverges, too small crawls.' },
      { key: 'batch_size', label: 'Batch size', kind: 'int', default: 256, min: 1, max: 100000, help: 'Songs per weight update.' },
      { key: 'activation', label: 'Activation', kind: 'select', default: 'relu', options: [['relu', 'ReLU'], ['leaky_relu', 'leaky ReLU'], ['tanh', 'tanh'], ['sigmoid', 'sigmoid']], help: 'The non-linearity of the hidden units.' },
      { key: 'optimizer', label: 'Optimizer', kind: 'select', default: 'adam', options: [['adam', 'Adam'], ['nadam', 'Nadam'], ['sgd', 'SGD with momentum']], help: 'How the gradient turns into a step.' },
      { key: 'weight_decay', label: 'L2 penalty', kind: 'number', default: 0.0001, min: 0, max: 10, step: 0.0001, help: 'Pulls weights toward 0 (scikit-learn’s alpha); fights overfitting.' },
      { key: 'dropout', label: 'Dropout', kind: 'number', default: 0, min: 0, max: 0.9, step: 0.05, help: 'Share of hidden units switched off at random while training.' },
      { key: 'validation_fraction', label: 'Validation share', kind: 'number', default: 0, start: 0.1, min: 0, max: 0.5, step: 0.05, help: 'Training songs held aside to draw the validation curves.' },
      { key: 'early_stopping_patience', label: 'Early stopping', kind: 'int', default: 0, min: 0, max: 1000, help: 'Stop after this many epochs without improvement (0 = off; needs a validation share).' },
    ],
  },
  {
    id: 'logistic',
    type: 'logistic',
    name: 'logistic regression',
    short: 'logistic',
    help: 'One weighted sum per genre turned into probabilities (softmax); a fast, linear baseline.',
    params: [
      { key: 'C', label: 'C (inverse regularisation)', kind: 'number', default: 1, min: 1e-6, max: 1e6, step: 0.1, help: 'Smaller C = simpler model (stronger L2 penalty).' },
      { key: 'max_iter', label: 'Iterations', kind: 'int', default: 100, min: 1, max: 10000, help: 'L-BFGS steps at most.' },
    ],
  },
  {
    id: 'svm',
    type: 'svm',
    name: 'support vector machine',
    short: 'SVM',
    help: 'Finds the widest margin between genres, one pair at a time. Slow on many songs: its work grows with the square of the rows.',
    slowRows: 20000,
    params: [
      { key: 'C', label: 'C', kind: 'number', default: 1, min: 1e-6, max: 1e6, step: 0.1, help: 'Larger C = fewer training mistakes allowed, a wigglier boundary.' },
      { key: 'kernel', label: 'Kernel', kind: 'select', default: 'rbf', options: [['rbf', 'RBF (Gaussian)'], ['linear', 'linear'], ['poly', 'polynomial']], help: 'The shape of the boundary.' },
      { key: 'gamma_mode', label: 'Gamma', kind: 'select', default: 'scale', options: [['scale', 'scale (1 / (features × variance))'], ['auto', 'auto (1 / features)']], help: 'How far one song’s influence reaches (RBF, polynomial).' },
      { key: 'degree', label: 'Degree', kind: 'int', default: 3, min: 1, max: 10, help: 'Polynomial kernel only.' },
      { key: 'probability', label: 'Probabilities', kind: 'bool', default: false, help: 'Fit Platt sigmoids for probabilities (about 5× the work); off = ROC from decision values.' },
    ],
  },
  {
    id: 'decision_tree',
    type: 'decision_tree',
    name: 'decision tree',
    short: 'tree',
    help: 'A flowchart of yes/no questions about the features, learned greedily.',
    params: [
      { key: 'max_depth', label: 'Max depth', kind: 'int', default: 0, start: 10, min: 0, max: 100, help: 'Questions from root to leaf at most (0 = no limit; deep trees overfit).' },
      { key: 'min_samples_leaf', label: 'Min songs per leaf', kind: 'int', default: 1, min: 1, max: 100000, help: 'Larger = smoother, simpler tree.' },
      { key: 'criterion', label: 'Split quality', kind: 'select', default: 'gini', options: [['gini', 'Gini impurity'], ['entropy', 'entropy']], help: 'How a question’s usefulness is measured.' },
    ],
  },
  {
    id: 'random_forest',
    type: 'random_forest',
    name: 'random forest',
    short: 'forest',
    help: 'Many trees, each on a bootstrap sample and random features, voting together.',
    params: [
      { key: 'n_trees', label: 'Trees', kind: 'int', default: 100, start: 50, min: 1, max: 2000, help: 'More trees = steadier votes, longer training.' },
      { key: 'max_depth', label: 'Max depth', kind: 'int', default: 0, start: 12, min: 0, max: 100, help: '0 = no limit; a limit keeps training fast in the browser.' },
      { key: 'min_samples_leaf', label: 'Min songs per leaf', kind: 'int', default: 1, min: 1, max: 100000, help: 'Larger = smoother trees.' },
      { key: 'max_features', label: 'Features per split', kind: 'select', default: 'sqrt', options: [['sqrt', '√features'], ['log2', 'log₂ features'], ['all', 'all features']], help: 'Fewer = more varied trees.' },
      { key: 'criterion', label: 'Split quality', kind: 'select', default: 'gini', options: [['gini', 'Gini impurity'], ['entropy', 'entropy']], help: 'How a question’s usefulness is measured.' },
    ],
  },
  {
    id: 'gradient_boosting',
    type: 'gradient_boosting',
    name: 'gradient boosting',
    short: 'boosting',
    help: 'Small trees added one after another, each correcting the mistakes of those before.',
    params: [
      { key: 'n_estimators', label: 'Stages', kind: 'int', default: 100, start: 50, min: 1, max: 2000, help: 'Rounds of trees (one per genre each round).' },
      { key: 'learning_rate', label: 'Learning rate', kind: 'number', default: 0.1, min: 0.001, max: 1, step: 0.01, help: 'How much each stage corrects; smaller needs more stages.' },
      { key: 'max_depth', label: 'Tree depth', kind: 'int', default: 3, min: 1, max: 20, help: 'Depth of each small tree.' },
      { key: 'subsample', label: 'Row share per stage', kind: 'number', default: 1, min: 0.05, max: 1, step: 0.05, help: 'Below 1 = stochastic boosting (faster, often better).' },
    ],
  },
  {
    id: 'lda',
    type: 'lda',
    name: 'linear discriminant analysis',
    short: 'LDA',
    help: 'One Gaussian per genre with a shared covariance: straight boundaries, fast, nothing random.',
    params: [
      { key: 'solver', label: 'Solver', kind: 'select', default: 'svd', options: [['svd', 'SVD (no covariance matrix)'], ['eigen', 'eigen (allows shrinkage)']], help: 'How the discriminant directions are computed.' },
      { key: 'shrinkage', label: 'Shrinkage', kind: 'select', default: 'none', options: [['none', 'none'], ['auto', 'automatic (Ledoit–Wolf)']], help: 'Steadies the covariance estimate when songs are few (eigen solver only).' },
    ],
  },
  {
    id: 'baseline_most_frequent',
    type: 'baseline',
    name: 'baseline: always the most frequent genre',
    short: 'most frequent',
    fixed: { strategy: 'most_frequent' },
    help: 'Ignores the songs and always answers the commonest genre: any real model must beat it.',
    params: [],
  },
  {
    id: 'baseline_uniform',
    type: 'baseline',
    name: 'baseline: a random genre',
    short: 'random guess',
    fixed: { strategy: 'uniform' },
    help: 'Answers a genre at random: the chance level.',
    params: [],
  },
];

// Types the page may not offer (none at the moment); kept so entryFor/startClassifier look in one more place.
export const OPTIONAL_CLASSIFIERS = [];

export const paramId = (p) => p.id ?? `param-${p.key}`;

// The schema entry for a recipe's classifier ({type, …}), or null when the page has no form for it.
export function entryFor(classifier, list = CLASSIFIERS) {
  if (!classifier) return null;
  return list.find((e) => e.type === classifier.type && Object.entries(e.fixed ?? {}).every(([k, v]) => classifier[k] === v)) ?? null;
}

// The classifier an entry starts with: the page's starting values (C++ defaults unless slow) and its fixed settings.
export function startClassifier(id) {
  const e = CLASSIFIERS.find((x) => x.id === id) ?? OPTIONAL_CLASSIFIERS.find((x) => x.id === id) ?? CLASSIFIERS[0];
  const c = { type: e.type, ...(e.fixed ?? {}) };
  for (const p of e.params) c[p.key] = structuredClone(p.start ?? p.default);
  return c;
}

// A short human name for a classifier and its main settings, e.g. "kNN (k = 12)" or "MLP 64-64, 30 epochs".
export function describeClassifier(c) {
  const e = entryFor(c, [...CLASSIFIERS, ...OPTIONAL_CLASSIFIERS]);
  if (!c) return '—';
  if (!e) return c.type;
  switch (e.id) {
    case 'knn': return `kNN (k = ${c.k}${c.weights === 'distance' ? ', distance votes' : ''}${c.metric && c.metric !== 'euclidean' ? `, ${c.metric}` : ''})`;
    case 'mlp': return `MLP ${(c.hidden ?? []).join('-') || 'linear'}, ${c.epochs ?? 30} epochs`;
    case 'logistic': return `logistic (C = ${c.C ?? 1})`;
    case 'svm': return `SVM ${c.kernel ?? 'rbf'} (C = ${c.C ?? 1})`;
    case 'decision_tree': return `tree (depth ${c.max_depth ? c.max_depth : '∞'})`;
    case 'random_forest': return `forest (${c.n_trees ?? 100} trees, depth ${c.max_depth ? c.max_depth : '∞'})`;
    case 'gradient_boosting': return `boosting (${c.n_estimators ?? 100} stages, rate ${c.learning_rate ?? 0.1})`;
    case 'lda': return `LDA${c.shrinkage === 'auto' ? ' (shrinkage)' : ''}`;
    default: return e.short;
  }
}

// "64, 32" → [64, 32]; null when it is not a list of whole numbers.
export function parseInts(text) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  const out = parts.map(Number);
  return out.every((v) => Number.isInteger(v)) ? out : null;
}

// Why a classifier's settings cannot be trained, as a sentence, or null when they are fine.
export function checkClassifier(c) {
  const e = entryFor(c, [...CLASSIFIERS, ...OPTIONAL_CLASSIFIERS]);
  if (!c?.type) return 'Choose a classifier.';
  if (!e) return null; // a recipe from a link with a type the page has no form for: the engine checks it
  for (const p of e.params) {
    const v = c[p.key];
    if (v === undefined) continue;
    const range = p.max !== undefined ? `between ${p.min} and ${p.max}` : `at least ${p.min}`;
    if (p.kind === 'int' && !(Number.isInteger(v) && v >= p.min && v <= p.max)) return `${p.label} must be a whole number ${range}.`;
    if (p.kind === 'number' && !(Number.isFinite(v) && v >= p.min && v <= p.max)) return `${p.label} must be a number ${range}.`;
    if (p.kind === 'ints' && !(Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= p.min && x <= p.max)))
      return `${p.label} must be whole numbers ${range}, separated by commas (e.g. 64, 32).`;
    if (p.kind === 'select' && !p.options.some(([o]) => o === v)) return `${p.label}: “${v}” is not one of the choices.`;
  }
  return null;
}
