import{c as a}from"./chunk-V7BFIGMA.js";import"./chunk-KUXPKBKF.js";export{a as reactions};
