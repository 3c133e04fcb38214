import{o as a}from"./chunk-NRXXN5XL.js";import"./chunk-L2SLH5OZ.js";export{a as reactions};
