import { hello } from '#platform/index.js';
console.log(hello(3));
