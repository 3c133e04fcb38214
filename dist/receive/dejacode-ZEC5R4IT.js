import{a}from"./chunk-HOF663U3.js";import"./chunk-IMSFU2CT.js";export{a as reactions};
