import{c as a}from"./chunk-Z7L55QN7.js";import"./chunk-L2SLH5OZ.js";export{a as reactions};
