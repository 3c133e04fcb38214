import{p as a}from"./chunk-MQK3IM6Q.js";import"./chunk-LNETV3ZM.js";export{a as reactions};
